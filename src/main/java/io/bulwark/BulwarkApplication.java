package io.bulwark;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JAX-RS application: every Bulwark resource is served under {@code /api}. The platform endpoints
 * ({@code /health}, {@code /metrics}, {@code /openapi}) are Liberty's own and sit outside it.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Bulwark", version = "1",
        description = "Webhook ingestion that stays correct behind a transaction-mode connection pooler. "
                + "Errors are RFC 9457 application/problem+json."))
@SecurityScheme(securitySchemeName = "basicAuth", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Role admin (ADMIN_USER / ADMIN_PASSWORD): everything; role reader (READER_USER / READER_PASSWORD): "
                + "the GET endpoints only")
public class BulwarkApplication extends Application {
}
