package io.bulwark.webhook;

import io.bulwark.webhook.mapping.JsonataMapping;
import io.bulwark.webhook.mapping.MappingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Loads the mappings that sources name, each once however many sources share it: {@code canonical}, a mapping
 * shipped in {@code webhook.mappings.directory} (server-config/mappings, beside server.xml) by its name, or a
 * JSONata file by its path. Each is evaluated within {@code webhook.mapping.timeout} and
 * {@code webhook.mapping.max-depth}.
 */
final class MappingLoader {

    private final Path directory;
    private final Duration timeout;
    private final int maxDepth;
    private final Map<String, SourceMapping> loaded = new HashMap<>();

    MappingLoader(Path directory, Duration timeout, int maxDepth) {
        this.directory = directory;
        this.timeout = timeout;
        this.maxDepth = maxDepth;
    }

    static MappingLoader of(Config config) {
        return new MappingLoader(Path.of(config.getOptionalValue("webhook.mappings.directory", String.class).orElse("mappings")),
                config.getOptionalValue("webhook.mapping.timeout", Duration.class).orElse(Duration.ofSeconds(1)),
                config.getOptionalValue("webhook.mapping.max-depth", Integer.class).orElse(200));
    }

    /** @throws MappingException naming the file that cannot be read or does not compile */
    SourceMapping load(String setting) {
        if (setting.equals(SourceMapping.CANONICAL)) {
            return new SourceMapping.Canonical();
        }
        SourceMapping mapping = loaded.get(setting);
        if (mapping == null) {
            mapping = new SourceMapping.Scripted(JsonataMapping.load(setting, directory, timeout, maxDepth));
            loaded.put(setting, mapping);
        }
        return mapping;
    }
}
