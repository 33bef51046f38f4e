package io.bulwark.testing.infra.arquillian;

import io.bulwark.testing.infra.TestEnvironment;
import java.nio.file.Path;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Starts the test environment and points the managed Liberty server at it before Arquillian starts the
 * server, whose configuration is read once at start.
 */
public class TestEnvironmentObserver {

    public void configureServer(@Observes BeforeSetup event) {
        Path serverDirectory = Path.of(required("bulwark.it.wlpHome"), "usr", "servers", required("bulwark.it.serverName"));
        TestEnvironment.get().configureLibertyServer(serverDirectory,
                Integer.parseInt(required("bulwark.it.httpPort")), Integer.parseInt(required("bulwark.it.httpsPort")));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run the integration tests through mvn verify");
        }
        return value;
    }
}
