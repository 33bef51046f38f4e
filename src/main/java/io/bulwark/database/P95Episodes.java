package io.bulwark.database;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides when an operation's p95 has been over its threshold long enough to say so, and when it is over:
 * an episode starts at the first look that finds the p95 over the threshold, is raised once when a look finds
 * it still over a whole window later, and ends (re-arming the operation) at the first look that finds it back
 * under. So a steady slow operation raises one alert, not one per call or per look, and a single slow
 * minute inside a healthy hour raises none.
 */
final class P95Episodes {

    /** What a look at one operation found. */
    enum Change {
        /** Nothing to say. */
        NONE,
        /** Over the threshold for a whole window: raise the alert. */
        RAISED,
        /** Back under the threshold after an alert: the episode is over. */
        RECOVERED
    }

    private static final class Episode {
        long overSince;
        boolean raised;
    }

    private final long windowNanos;
    private final Map<String, Episode> episodes = new HashMap<>();

    P95Episodes(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized Change look(String operation, double p95Nanos, long thresholdNanos, long now) {
        Episode episode = episodes.get(operation);
        if (p95Nanos <= thresholdNanos) {
            if (episode == null) {
                return Change.NONE;
            }
            episodes.remove(operation);
            return episode.raised ? Change.RECOVERED : Change.NONE;
        }
        if (episode == null) {
            episode = new Episode();
            episode.overSince = now;
            episodes.put(operation, episode);
        }
        if (!episode.raised && now - episode.overSince >= windowNanos) {
            episode.raised = true;
            return Change.RAISED;
        }
        return Change.NONE;
    }
}
