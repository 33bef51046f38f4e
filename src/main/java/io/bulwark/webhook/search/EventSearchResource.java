package io.bulwark.webhook.search;

import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.WebhookEventView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Lets admins find stored deliveries: {@code GET /api/webhooks} pages through them newest first with a
 * keyset cursor, {@code GET /api/webhooks/{webhookId}} reads one with its payload and history. Parameters
 * that cannot be read are answered 400 problem+json naming the parameter.
 */
@Path("/webhooks")
@ApplicationScoped
@RolesAllowed({"admin", "reader"})
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Webhooks")
public class EventSearchResource {

    @Inject
    EventSearchService search;

    @GET
    @Operation(summary = "Search stored deliveries, newest first, a page at a time",
            description = "Ordered by (receivedAt desc, webhookId desc). Follow `next` (or the Link rel=\"next\" header) for the "
                    + "following page: events stored meanwhile sort before the cursor, so they never shift later pages; no event "
                    + "is returned twice or skipped. Payloads are left out.")
    @APIResponse(responseCode = "200", description = "A page of events",
            headers = @Header(name = "Link", description = "<url of the next page>; rel=\"next\", absent on the last page",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter that cannot be read, named in the detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response list(@Parameter(description = "source name, any spelling") @QueryParam("source") String source,
                         @Parameter(description = "the provider's delivery id") @QueryParam("deliveryId") String deliveryId,
                         @Parameter(description = "event type") @QueryParam("type") String type,
                         @Parameter(description = "RECEIVED, PROCESSING, PROCESSED, IGNORED or FAILED") @QueryParam("status") String status,
                         @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("receivedFrom") String receivedFrom,
                         @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("receivedTo") String receivedTo,
                         @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
                         @Parameter(description = "the `next` of the previous page") @QueryParam("cursor") String cursor,
                         @Context UriInfo uri) {
        EventFilter filter = FilterParameters.read(source, deliveryId, type, status, receivedFrom, receivedTo);
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor.trim(), "cursor");
        EventPage page = search.page(filter, after, PageLimit.read(limit));
        Response.ResponseBuilder response = Response.ok(page);
        if (page.next() != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("/{webhookId}")
    @Operation(summary = "Read a stored delivery with its payload and history")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookEventView.class)))
    @APIResponse(responseCode = "404", description = "No such event", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public WebhookEventView find(@PathParam("webhookId") String webhookId) {
        return search.find(parseId(webhookId));
    }

    private static UUID parseId(String webhookId) {
        try {
            return UUID.fromString(webhookId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no webhook event with that id");
        }
    }
}
