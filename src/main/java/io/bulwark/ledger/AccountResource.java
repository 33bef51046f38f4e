package io.bulwark.ledger;

import io.bulwark.problem.Problem;
import io.bulwark.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts and their transactions as the applied events left them; role {@code admin}. */
@Path("/accounts")
@ApplicationScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Accounts")
public class AccountResource {

    @Inject
    AccountService accounts;

    @GET
    @Path("/{externalId}")
    @Operation(summary = "Read an account by the provider's id")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "No event has named this account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AccountView find(@PathParam("externalId") String externalId) {
        return accounts.find(externalId).orElseThrow(AccountResource::noSuchAccount);
    }

    @GET
    @Path("/{externalId}/transactions")
    @Operation(summary = "List an account's transactions, newest booking first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "limit out of range", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No event has named this account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<TransactionView> transactions(@PathParam("externalId") String externalId,
                                              @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return accounts.transactions(externalId, limit).orElseThrow(AccountResource::noSuchAccount);
    }

    private static ProblemException noSuchAccount() {
        return ProblemException.notFound("no account with that id");
    }
}
