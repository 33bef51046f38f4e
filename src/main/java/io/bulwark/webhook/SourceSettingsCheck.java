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
 * request reads (the configuration is asked what a request for the source would read, so its own name mapping
 * decides), when its scheme is unknown, when it has no secret and is not {@code none}, or when a part of its
 * secret cannot be used for its scheme. Every problem is kept, not just the first, and none holds a setting's
 * value. A setting is named as it was found; a configuration may list one setting under several names (Liberty
 * lists an environment variable under its property name too), and then all of them are given, separated by
 * {@code /}.
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
        Optional<String> problem = unusableName(source).or(() -> unread(source));
        if (problem.isEmpty()) {
            SourceSettings settings = SourceSettings.read(name, config);
            try {
                Optional<SourceSettings.Signing> signing = settings.signing();
                signing.ifPresent(usable -> signings.put(settings, usable));
                problem = signing.isEmpty() ? Optional.of(noSecret(source)) : Optional.empty();
            } catch (SourceSettings.Invalid e) {
                Collection<String> setAs = source.of(e.setting()).isEmpty()
                        ? List.of(e.setting().environmentVariable(name)) : source.of(e.setting());
                problem = Optional.of(String.join(" / ", setAs) + " " + e.getMessage());
            }
        }
        problem.ifPresent(what -> problems.add("webhook source '" + name + "': " + what));
    }

    private static Optional<String> unusableName(SourceMention source) {
        if (USABLE_NAME.matcher(source.name()).matches()) {
            return Optional.empty();
        }
        List<String> all = source.propertyNames().values().stream().flatMap(Collection::stream).sorted().toList();
        return Optional.of(String.join(" / ", all) + " cannot be used: a source name is 1 to 64 letters, digits, '-' or '_'");
    }

    /** Settings set under a name that the lookup of this source never tries, unless they are empty anyway. */
    private Optional<String> unread(SourceMention source) {
        for (SourceSetting setting : SourceSetting.values()) {
            List<String> unread = config.apply(setting.key(source.name())).isPresent() ? List.of()
                    : source.of(setting).stream().filter(propertyName -> !setEmpty(propertyName)).toList();
            if (!unread.isEmpty()) {
                return Optional.of(String.join(" / ", unread) + " is never read: a request for this source reads "
                        + setting.key(source.name()) + ", as an environment variable " + setting.environmentVariable(source.name()));
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
