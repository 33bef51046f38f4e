package io.bulwark;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application: every Bulwark resource is served under {@code /api}. The platform endpoints
 * ({@code /health}, {@code /metrics}, {@code /openapi}) are Liberty's own and sit outside it.
 */
@ApplicationPath("/api")
public class BulwarkApplication extends Application {
}
