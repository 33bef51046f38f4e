package io.bulwark.webhook.replay;

import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.search.PageCursor;
import io.bulwark.webhook.search.PageLimit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk replay jobs for admins: {@code POST /api/webhooks/replay} starts one for a filter (202 with its
 * Location), {@code GET} reads one or pages through them newest first, {@code DELETE} cancels one. The path
 * {@code /api/webhooks/replay} is taken by this resource, so no source can be named {@code replay}.
 */
@Path("/webhooks/replay")
@ApplicationScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Bulk replay")
public class ReplayJobResource {

    @Inject
    ReplayJobService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a bulk replay job",
            description = "Replays, in the background and in (receivedAt, webhookId) order, the FAILED events the filter selects among "
                    + "those received before the job was created, and IGNORED ones too with includeIgnored, each read again by its "
                    + "source's current mapping. An event already applied when the job reaches it is skipped. With an Idempotency-Key "
                    + "used before, the job that key started is answered instead.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReplayJobRequest.class)))
    @APIResponse(responseCode = "202", description = "The job, QUEUED (or as it is now, for an Idempotency-Key used before)",
            headers = @Header(name = "Location", description = "/api/webhooks/replay/{jobId}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ReplayJobView.class)))
    @APIResponse(responseCode = "400", description = "A member that cannot be read, named in the detail", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response start(String body,
                          @Parameter(description = "makes the POST idempotent: the same key answers the same job")
                          @HeaderParam("Idempotency-Key") String idempotencyKey,
                          @Context SecurityContext security, @Context UriInfo uri) {
        ReplayJob job = service.start(ReplayJobRequest.parse(body), security.getUserPrincipal().getName(), idempotencyKey);
        URI location = uri.getBaseUriBuilder().path(ReplayJobResource.class).path(job.id().toString()).build();
        return Response.accepted(ReplayJobView.of(job)).location(location).build();
    }

    @GET
    @Path("/{jobId}")
    @RolesAllowed({"admin", "reader"})
    @Operation(summary = "Read a bulk replay job: its state and counts")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReplayJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public ReplayJobView find(@PathParam("jobId") String jobId) {
        return ReplayJobView.of(service.find(parseId(jobId)));
    }

    @GET
    @RolesAllowed({"admin", "reader"})
    @Operation(summary = "List bulk replay jobs, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            headers = @Header(name = "Link", description = "<url of the next page>; rel=\"next\", absent on the last page",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ReplayJobPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter that cannot be read, named in the detail", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response list(@Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
                         @Parameter(description = "the `next` of the previous page") @QueryParam("cursor") String cursor,
                         @Context UriInfo uri) {
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor.trim(), "cursor");
        ReplayJobPage page = service.page(after, PageLimit.read(limit));
        Response.ResponseBuilder response = Response.ok(page);
        if (page.next() != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build(), "next");
        }
        return response.build();
    }

    @DELETE
    @Path("/{jobId}")
    @Operation(summary = "Cancel a QUEUED or RUNNING bulk replay job",
            description = "It replays no further event; an event being replayed at that moment finishes first. Events already replayed stay so.")
    @APIResponse(responseCode = "200", description = "The job, CANCELLED", content = @Content(schema = @Schema(implementation = ReplayJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The job has ended already", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public ReplayJobView cancel(@PathParam("jobId") String jobId) {
        return ReplayJobView.of(service.cancel(parseId(jobId)));
    }

    private static UUID parseId(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no replay job with that id");
        }
    }
}
