package io.bulwark.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Checks every webhook source the configuration mentions, so that a source which could never receive a
 * delivery is found at start rather than by its senders. A source is reported when its name cannot be used
 * ({@link SourceName#rule}), when one of its settings is set under a name that is never read (the configuration
 * is asked what the source's spelling reads, so its own name mapping decides), when two spellings of its name
 * set one setting to different values, when its scheme is unknown, its ledger unusable, when it sets a setting
 * only another scheme reads or an {@code hmac} setting that cannot be used, when it has no secret and is not
 * {@code none}, or when a part of its secret cannot be used for its scheme. Every problem is kept, not just the
 * first, and none holds a setting's value. A setting is named as it was found; when it is set under several
 * names (two spellings, or a property and a variable), all of them are given, separated by {@code /}.
 */
final class SourceSettingsCheck {

    private final Function<String, Optional<String>> config;
    private final Function<String, Optional<String>> valueAsSet;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, WebhookSource> sources = new HashMap<>();
    private final MappingLoader mappings;

    /**
     * @param propertyNames every property name of the configuration
     * @param config        a setting's value as MicroProfile Config reads it, by {@link SourceSetting#key}; an
     *                      empty value counts as unset
     * @param valueAsSet    the value of a property exactly as named, empty or not
     * @param mappings      loads the mappings that sources name
     */
    SourceSettingsCheck(Iterable<String> propertyNames, Function<String, Optional<String>> config,
                        Function<String, Optional<String>> valueAsSet, MappingLoader mappings) {
        this.config = config;
        this.valueAsSet = valueAsSet;
        this.mappings = mappings;
        SourceMention.in(propertyNames).forEach(this::check);
    }

    static SourceSettingsCheck of(Config config) {
        return new SourceSettingsCheck(config.getPropertyNames(), key -> config.getOptionalValue(key, String.class),
                propertyName -> valueAsSet(config, propertyName), MappingLoader.of(config));
    }

    /** What is wrong, one line per source; empty when every mentioned source can be used. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The sources found usable, by canonical name. */
    Map<String, WebhookSource> sources() {
        return Map.copyOf(sources);
    }

    private void check(SourceMention source) {
        String name = source.name();
        Optional<String> problem = unusableName(source).or(() -> unread(source)).or(() -> conflicting(source));
        if (problem.isEmpty()) {
            SourceSettings settings = SourceSettings.read(source.spellings(), config);
            try {
                Optional<WebhookSource> usable = settings.source(name, mappings);
                usable.ifPresent(found -> sources.put(name, found));
                problem = usable.isEmpty() ? Optional.of(noSecret(source)) : Optional.empty();
            } catch (SourceSettings.Invalid e) {
                Collection<String> setAs = source.of(e.setting()).isEmpty()
                        ? List.of(e.setting().environmentVariable(name)) : source.of(e.setting());
                problem = Optional.of(String.join(" / ", setAs) + " " + e.getMessage());
            }
        }
        problem.ifPresent(what -> problems.add("webhook source '" + name + "': " + what));
    }

    private static Optional<String> unusableName(SourceMention source) {
        if (source.spellings().stream().allMatch(spelling -> SourceName.canonical(spelling).isPresent())) {
            return Optional.empty();
        }
        List<String> all = source.propertyNames().values().stream().flatMap(Collection::stream).sorted().toList();
        return Optional.of(String.join(" / ", all) + " cannot be used: a source name is " + SourceName.rule());
    }

    /** Settings set under a name that the lookup of this source never tries, unless they are empty anyway. */
    private Optional<String> unread(SourceMention source) {
        for (SourceSetting setting : SourceSetting.values()) {
            boolean read = source.spellings().stream().anyMatch(spelling -> config.apply(setting.key(spelling)).isPresent());
            List<String> unread = read ? List.of()
                    : source.of(setting).stream().filter(propertyName -> !setEmpty(propertyName)).toList();
            if (!unread.isEmpty()) {
                return Optional.of(String.join(" / ", unread) + " is never read: this source's setting is " + setting.key(source.name())
                        + ", as an environment variable " + setting.environmentVariable(source.name()));
            }
        }
        return Optional.empty();
    }

    /** A setting that two spellings of the name set differently: which one a delivery gets would depend on the URL. */
    private Optional<String> conflicting(SourceMention source) {
        for (SourceSetting setting : SourceSetting.values()) {
            long values = source.spellings().stream().map(spelling -> config.apply(setting.key(spelling))).flatMap(Optional::stream)
                    .distinct().count();
            if (values > 1) {
                return Optional.of(String.join(" / ", source.of(setting)) + " set different values for one source: "
                        + String.join(", ", source.spellings()) + " are spellings of one name");
            }
        }
        return Optional.empty();
    }

    private static String noSecret(SourceMention source) {
        SortedSet<String> secret = source.of(SourceSetting.SECRET);
        return "has no secret, which only a source of scheme none may lack: " + (secret.isEmpty()
                ? "set " + SourceSetting.SECRET.environmentVariable(source.name()) : String.join(" / ", secret) + " is empty");
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
