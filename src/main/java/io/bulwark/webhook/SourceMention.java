package io.bulwark.webhook;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source the configuration mentions: {@code webhook.sources.<name>.secret} or {@code .scheme} as a property,
 * {@code WEBHOOK_SOURCES_<NAME>_SECRET} or {@code _SCHEME} as an environment variable.
 *
 * @param name          the name in lower case, as a request would look it up; possibly empty or unusable
 * @param propertyNames the property names under which each of its settings is mentioned
 */
record SourceMention(String name, Map<SourceSetting, SortedSet<String>> propertyNames) {

    // Any letter case and an empty or odd name are taken, so that a setting that no request could ever read is
    // reported rather than ignored. The separator is captured so that it must be the same throughout: dots for
    // a property, underscores for an environment variable.
    private static final Pattern SETTING = Pattern.compile("webhook([._])sources\\1(?:(.*)\\1)?(secret|scheme)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The sources mentioned among these property names, by name; other property names are left out. */
    static List<SourceMention> in(Iterable<String> configPropertyNames) {
        Map<String, Map<SourceSetting, SortedSet<String>>> byName = new TreeMap<>();
        for (String propertyName : configPropertyNames) {
            Matcher setting = SETTING.matcher(propertyName);
            if (setting.matches()) {
                String name = setting.group(2) == null ? "" : setting.group(2).toLowerCase(Locale.ROOT);
                byName.computeIfAbsent(name, any -> new EnumMap<>(SourceSetting.class))
                        .computeIfAbsent(SourceSetting.valueOf(setting.group(3).toUpperCase(Locale.ROOT)), any -> new TreeSet<>())
                        .add(propertyName);
            }
        }
        return byName.entrySet().stream()
                .map(entry -> new SourceMention(entry.getKey(), Collections.unmodifiableMap(entry.getValue())))
                .toList();
    }

    /** The property names under which that setting is mentioned; empty when it is not. */
    SortedSet<String> of(SourceSetting setting) {
        return propertyNames.getOrDefault(setting, Collections.emptySortedSet());
    }
}
