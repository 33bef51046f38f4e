package io.bulwark.alert;

import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator alerts and their acknowledgement; role {@code admin}. */
@Path("/alerts")
@ApplicationScoped
@RolesAllowed({"admin", "reader"})
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Alerts")
public class AlertResource {

    @Inject
    AlertService alerts;

    @GET
    @Operation(summary = "List alerts, newest first", description = "acknowledged=false lists the open ones; without it, all.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AlertView.class)))
    public List<AlertView> list(@QueryParam("acknowledged") String acknowledged,
                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return alerts.list(parseFlag(acknowledged), limit).stream().map(AlertView::of).toList();
    }

    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed("admin")
    @Operation(summary = "Acknowledge an alert")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "No such alert", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AlertView acknowledge(@PathParam("id") String id, @Context SecurityContext security) {
        return alerts.acknowledge(parseId(id), security.getUserPrincipal().getName())
                .map(AlertView::of)
                .orElseThrow(() -> ProblemException.notFound("no alert with that id"));
    }

    private static Boolean parseFlag(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badRequest("acknowledged must be true or false");
        };
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no alert with that id");
        }
    }
}
