package io.bulwark.testing.infra.arquillian;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link TestEnvironmentObserver} with Arquillian (META-INF/services). */
public class TestEnvironmentExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(TestEnvironmentObserver.class);
    }
}
