package io.bulwark.webhook;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * MicroProfile Config as the specification describes it, over two maps: environment variables (ordinal 300),
 * found for a property name exactly, with each character other than a letter or digit replaced by {@code _},
 * or that in upper case; and properties (ordinal 100), found exactly. An empty value counts as unset. Both maps
 * may be changed while in use, as a running server's configuration may be. Strings only.
 */
final class MapConfig implements Config {

    final Map<String, String> environment = new HashMap<>();
    final Map<String, String> properties = new HashMap<>();

    MapConfig() {
        // As server.xml declares it for a server; these tests run in the project's directory.
        properties.put("webhook.mappings.directory", "server-config/mappings");
    }

    private final List<ConfigSource> sources = List.of(
            new Source("environment", 300, environment, true), new Source("properties", 100, properties, false));

    static MapConfig ofEnvironment(Map<String, String> variables) {
        MapConfig config = new MapConfig();
        config.environment.putAll(variables);
        return config;
    }

    @Override
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        for (ConfigSource source : sources) {
            String value = ((Source) source).lookUp(propertyName);
            if (value != null) {
                return value.isEmpty() ? Optional.empty() : Optional.of(propertyType.cast(value));
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType).orElseThrow(() -> new NoSuchElementException(propertyName));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Iterable<String> getPropertyNames() {
        Set<String> names = new LinkedHashSet<>(environment.keySet());
        names.addAll(properties.keySet());
        return names;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return sources;
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }

    private record Source(String name, int ordinal, Map<String, String> values, boolean environment) implements ConfigSource {

        String lookUp(String propertyName) {
            if (values.containsKey(propertyName) || !environment) {
                return values.get(propertyName);
            }
            String sanitised = propertyName.replaceAll("[^A-Za-z0-9]", "_");
            return values.containsKey(sanitised) ? values.get(sanitised) : values.get(sanitised.toUpperCase(Locale.ROOT));
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public String getValue(String propertyName) {
            return values.get(propertyName);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getOrdinal() {
            return ordinal;
        }
    }
}
