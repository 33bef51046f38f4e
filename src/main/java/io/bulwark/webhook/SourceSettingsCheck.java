package io.bulwark.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Checks every webhook source the configuration mentions, so that a source which could never receive a
 * delivery is found at start rather than by its senders. A source is reported when its name cannot be used
 * (1 to 64 letters, digits, {@code -} or {@code _}), when one of its settings is set under a name that no
 * request reads (a property not in lower case, an environment variable not in upper case), when its scheme is
 * unknown, when it has no secret and is not {@code none}, or when a part of its secret cannot be used for its
 * scheme. Every problem is kept, not just the first, and none holds a setting's value.
 */
final class SourceSettingsCheck {

    private static final Pattern USABLE_NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    private final Function<String, Optional<String>> config;
    private final Function<String, Optional<String>> valueAsSet;
    private final List<String> problems = new ArrayList<>();
    private final Map<SourceSettings, SourceSettings.Signing> signings = new HashMap<>();

    /**
     * @param propertyNames every property name of the configuration
     * @param config        a setting's value as a request reads it, by {@link SourceSetting#key}; an empty
     *                      value counts as unset, as in MicroProfile Config
     * @param valueAsSet    the value of a property exactly as named, empty or not
     */
    SourceSettingsCheck(Iterable<String> propertyNames, Function<String, Optional<String>> config,
                        Function<String, Optional<String>> valueAsSet) {
        this.config = config;
        this.valueAsSet = valueAsSet;
        SourceMention.in(propertyNames).forEach(this::check);
    }

    static SourceSettingsCheck of(Config config) {
        return new SourceSettingsCheck(config.getPropertyNames(), key -> config.getOptionalValue(key, String.class),
                propertyName -> valueAsSet(config, propertyName));
    }

    /** What is wrong, one line per source; empty when every mentioned source can be used. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** How each source found usable is verified, by its settings. */
    Map<SourceSettings, SourceSettings.Signing> signings() {
        return Map.copyOf(signings);
    }

    private void check(SourceMention source) {
        String name = source.name();
        String problem = "webhook source '" + name + "': ";
        if (!USABLE_NAME.matcher(name).matches()) {
            List<String> all = source.propertyNames().values().stream().flatMap(Collection::stream).sorted().toList();
            problems.add(problem + String.join(" and ", all) + " cannot be used: a source name is 1 to 64 letters, digits, '-' or '_'");
            return;
        }
        SourceSettings settings = SourceSettings.read(name, config);
        for (SourceSetting setting : SourceSetting.values()) {
            List<String> unread = config.apply(setting.key(name)).isPresent() ? List.of()
                    : source.of(setting).stream().filter(propertyName -> !setEmpty(propertyName)).toList();
            if (!unread.isEmpty()) {
                problems.add(problem + String.join(" and ", unread) + " is never read: a request for this source reads "
                        + setting.key(name) + ", as an environment variable " + setting.environmentVariable(name));
                return;
            }
        }
        Optional<SourceSettings.Signing> signing;
        try {
            signing = settings.signing();
        } catch (SourceSettings.Invalid e) {
            Collection<String> setAs = source.of(e.setting()).isEmpty()
                    ? List.of(e.setting().environmentVariable(name)) : source.of(e.setting());
            problems.add(problem + String.join(" and ", setAs) + " " + e.getMessage());
            return;
        }
        if (signing.isEmpty()) {
            SortedSet<String> secret = source.of(SourceSetting.SECRET);
            problems.add(problem + "has no secret, which only a source of scheme none may lack: " + (secret.isEmpty()
                    ? "set " + SourceSetting.SECRET.environmentVariable(name) : String.join(" and ", secret) + " is empty"));
            return;
        }
        signings.put(settings, signing.get());
    }

    private boolean setEmpty(String propertyName) {
        return valueAsSet.apply(propertyName).filter(String::isBlank).isPresent();
    }

    private static Optional<String> valueAsSet(Config config, String propertyName) {
        for (ConfigSource source : config.getConfigSources()) {
            String value = source.getValue(propertyName);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
