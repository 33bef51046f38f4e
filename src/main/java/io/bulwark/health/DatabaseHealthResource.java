package io.bulwark.health;

import io.bulwark.database.DatabaseHealthReport;
import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import io.bulwark.problem.ProblemResponses;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The database health report: a summary for anyone ({@code healthy}, {@code degraded} or
 * {@code unhealthy} with the reasons), the detailed report for the admin and reader roles ({@code ?detailed=true}: per-operation
 * counts and latency percentiles, pool figures, retries, prepared-statement conflicts, effective settings,
 * issues with recommendations, the process's memory), and the Prometheus text ({@code ?format=prometheus}):
 * the application's metric registry under the very names {@code /metrics} gives it, the status included as
 * {@code database_health_status}; it reads the registry only, so a scrape never reaches the database (the
 * figures that need it are refreshed in the background by {@link OperationalGauges}). Answered 200 whatever
 * the status, so a dashboard can always read it; {@code /health/ready} is the probe.
 */
@Path("/database/health")
@ApplicationScoped
@Tag(name = "Database health")
public class DatabaseHealthResource {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    DatabaseHealthReport report;

    @Inject
    MetricRegistry metrics;

    @GET
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, PROMETHEUS})
    @Operation(summary = "Database health: summary, detailed report (admin or reader) or Prometheus text")
    @APIResponse(responseCode = "200", description = "The summary, or the detailed report with detailed=true",
            content = @Content(schema = @Schema(implementation = DatabaseHealthReport.Summary.class)))
    @APIResponse(responseCode = "400", description = "Unknown format or detailed value", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "detailed=true without admin or reader credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response health(@QueryParam("detailed") String detailed, @QueryParam("format") String format,
                           @Context SecurityContext security) {
        if (format != null && !format.isBlank()) {
            if (!"prometheus".equals(format.trim())) {
                throw ProblemException.badRequest("format must be prometheus, or left out for JSON");
            }
            return Response.ok(RegistryExposition.render(metrics), PROMETHEUS).build();
        }
        if (!parseDetailed(detailed)) {
            return Response.ok(report.summary(), MediaType.APPLICATION_JSON).build();
        }
        if (security.getUserPrincipal() == null || !(security.isUserInRole("admin") || security.isUserInRole("reader"))) {
            return ProblemResponses.unauthorized("the detailed report is for the admin and reader roles: HTTP Basic");
        }
        return Response.ok(report.detailed(), MediaType.APPLICATION_JSON).build();
    }

    private static boolean parseDetailed(String value) {
        if (value == null || value.isBlank() || "false".equals(value.trim())) {
            return false;
        }
        if ("true".equals(value.trim())) {
            return true;
        }
        throw ProblemException.badRequest("detailed must be true or false");
    }
}
