package io.bulwark.webhook;

import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.intake.DeliveryIntake;
import io.bulwark.webhook.signature.SignedRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Receives webhooks ({@code POST /api/webhooks/{source}}, open to senders, who prove themselves by
 * signature) and lets admins replay a FAILED delivery ({@code POST /api/webhooks/{webhookId}/replay}, audited as
 * theirs). Finding stored deliveries is {@link io.bulwark.webhook.search}'s, replaying many
 * {@link io.bulwark.webhook.replay}'s.
 *
 * <p>Checks run cheapest first and before anything is stored: unknown source 404, not JSON 415, body over
 * the limit 413, memory budget spent 503, body not sent in time 408 (all by
 * {@link io.bulwark.webhook.intake.DeliveryIntake}, before or while the body is read), then bad or stale
 * signature 401 (over the raw bytes), bad JSON or envelope 400; so a bad delivery never reaches a group of
 * good ones. A delivery is answered 2xx only once it is committed; a database that cannot be reached is
 * answered 503 with Retry-After.
 */
@Path("/webhooks")
@ApplicationScoped
@Tag(name = "Webhooks")
public class WebhookResource {

    @Inject
    WebhookService service;

    @Inject
    DeliveryIntake intake;

    @Inject
    FailedEventService failedEvents;

    @POST
    @Path("/{source}")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a webhook delivery",
            description = "Verifies the signature over the raw body, stores the delivery durably, deduplicates it by "
                    + "(source, delivery id) and applies it. Answered only after the commit.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "200", description = "Stored and applied (or ignored), or a duplicate of a stored delivery",
            content = @Content(schema = @Schema(implementation = ReceiptResponse.class)))
    @APIResponse(responseCode = "202", description = "Stored as FAILED: it could not be applied, raised an alert and can be replayed",
            content = @Content(schema = @Schema(implementation = ReceiptResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, envelope or values", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Missing or bad signature, or stale timestamp", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Unknown source", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "408", description = "The body did not arrive within the read timeout", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Too many deliveries in flight, or the database is unavailable; not acknowledged, "
            + "send again after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public void receive(@Parameter(description = "configured source name") @PathParam("source") String sourceName,
                        @Context HttpHeaders headers, @Context HttpServletRequest request, @Suspended AsyncResponse response) {
        Optional<WebhookSource> source = service.source(sourceName);
        if (source.isEmpty()) {
            response.resume(ProblemException.notFound("unknown webhook source").closing());
            return;
        }
        MultivaluedMap<String, String> requestHeaders = headers.getRequestHeaders();
        intake.admit(request, response, source.get().heapPerBodyByte(), body -> answer(service.receive(source.get(), signedRequest(requestHeaders, body.bytes()))));
    }

    private static Response answer(Receipt receipt) {
        int status = receipt.status() == WebhookStatus.FAILED && !receipt.duplicate() ? 202 : 200;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ReceiptResponse.of(receipt)).build();
    }

    @POST
    @Path("/{webhookId}/replay")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "basicAuth")
    @Operation(summary = "Apply a FAILED delivery again from its stored payload")
    @APIResponse(responseCode = "200", description = "The event after the replay: PROCESSED, or still FAILED with one more attempt",
            content = @Content(schema = @Schema(implementation = WebhookEventView.class)))
    @APIResponse(responseCode = "404", description = "No such event", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The event is not FAILED", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public WebhookEventView replay(@PathParam("webhookId") String webhookId, @Context SecurityContext security) {
        return failedEvents.replay(parseId(webhookId), security.getUserPrincipal().getName());
    }

    private static SignedRequest signedRequest(MultivaluedMap<String, String> headers, byte[] raw) {
        return new SignedRequest() {
            @Override
            public List<String> headers(String name) {
                List<String> values = headers.get(name);
                return values == null ? List.of() : values;
            }

            @Override
            public byte[] body() {
                return raw;
            }
        };
    }

    private static UUID parseId(String webhookId) {
        try {
            return UUID.fromString(webhookId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no webhook event with that id");
        }
    }
}
