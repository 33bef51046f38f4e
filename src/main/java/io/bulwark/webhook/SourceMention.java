package io.bulwark.webhook;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A source the configuration mentions: {@code webhook.sources.<name>.secret}, {@code .scheme}, {@code .ledger} or
 * one of the {@code .hmac.*} settings ({@link SourceSetting}) as a property, {@code WEBHOOK_SOURCES_<NAME>_SECRET},
 * {@code _SCHEME}, {@code _LEDGER} or {@code _HMAC_*} as an environment variable. Every spelling of one
 * {@link SourceName canonical name} is one source.
 *
 * @param name          the canonical name; for a name that cannot be used, the name in lower case, possibly empty
 * @param spellings     the names it is mentioned under, in lower case, as the settings are looked up by them
 * @param propertyNames the property names under which each of its settings is mentioned
 */
record SourceMention(String name, SortedSet<String> spellings, Map<SourceSetting, SortedSet<String>> propertyNames) {

    // Any letter case and an empty or odd name are taken, so that a setting that no request could ever read is
    // reported rather than ignored. The separator is captured so that it must be the same around the name: dots
    // for a property, underscores for an environment variable (within a setting, see SourceSetting.pattern).
    private static final Pattern SETTING = Pattern.compile("webhook([._])sources\\1(?:(.*)\\1)?("
            + Arrays.stream(SourceSetting.values()).map(SourceSetting::pattern).collect(Collectors.joining("|")) + ")",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The sources mentioned among these property names, by name; other property names are left out. */
    static List<SourceMention> in(Iterable<String> configPropertyNames) {
        Map<String, Map<SourceSetting, SortedSet<String>>> byName = new TreeMap<>();
        Map<String, SortedSet<String>> spellings = new TreeMap<>();
        Set<String> aliases = new HashSet<>();
        configPropertyNames.forEach(propertyName -> aliases.add(libertyAlias(propertyName)));
        for (String propertyName : configPropertyNames) {
            Matcher setting = SETTING.matcher(propertyName);
            if (setting.matches() && !(setting.group(1).equals(".") && aliases.contains(propertyName))) {
                String spelling = setting.group(2) == null ? "" : setting.group(2).toLowerCase(Locale.ROOT);
                String name = SourceName.canonical(spelling).orElse(spelling);
                spellings.computeIfAbsent(name, any -> new TreeSet<>()).add(spelling);
                byName.computeIfAbsent(name, any -> new EnumMap<>(SourceSetting.class))
                        .computeIfAbsent(SourceSetting.named(setting.group(3)), any -> new TreeSet<>())
                        .add(propertyName);
            }
        }
        return byName.entrySet().stream()
                .map(entry -> new SourceMention(entry.getKey(), Collections.unmodifiableSortedSet(spellings.get(entry.getKey())),
                        Collections.unmodifiableMap(entry.getValue())))
                .toList();
    }

    /**
     * Liberty lists each environment variable under a property name of its own as well: lower case, with
     * {@code .} for {@code _}. That name is no setting of its own, and for a source name holding {@code _} or
     * {@code -} it would even read as another, unusable name ({@code pay.ops} for {@code PAY_OPS}).
     */
    private static String libertyAlias(String environmentVariable) {
        return environmentVariable.contains(".") ? "" : environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The property names under which that setting is mentioned; empty when it is not. */
    SortedSet<String> of(SourceSetting setting) {
        return propertyNames.getOrDefault(setting, Collections.emptySortedSet());
    }
}
