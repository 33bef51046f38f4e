package io.bulwark.ledger;

import io.bulwark.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Transactions as the applied events left them, by the provider's transaction id in a ledger; role
 * {@code admin}. Without {@code ledger}, the only ledger that has the id is meant; when several have it, the
 * answer is 400 naming them.
 */
@Path("/transactions")
@ApplicationScoped
@RolesAllowed({"admin", "reader"})
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Transactions")
public class TransactionResource {

    @Inject
    TransactionService transactions;

    @GET
    @Path("/{externalId}")
    @Operation(summary = "Read a transaction by the provider's id, with the account it is booked on")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "Unusable ledger, or several ledgers have the id and none is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No event has named this transaction", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public TransactionView find(@PathParam("externalId") String externalId,
                                @Parameter(description = AccountResource.LEDGER_PARAMETER) @QueryParam("ledger")
                                @Pattern(regexp = LedgerNames.RULE, message = AccountResource.LEDGER_RULE_MESSAGE) String ledger) {
        return transactions.find(ledger, externalId).orElseThrowProblem("transaction");
    }
}
