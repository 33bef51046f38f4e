package io.bulwark.ledger;

import io.bulwark.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Accounts and their transactions as the applied events left them, by the provider's account id in a ledger;
 * role {@code admin}. Without {@code ledger}, the only ledger that has the id is meant; when several have it,
 * the answer is 400 naming them.
 */
@Path("/accounts")
@ApplicationScoped
@RolesAllowed({"admin", "reader"})
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basicAuth")
@Tag(name = "Accounts")
public class AccountResource {

    static final String LEDGER_PARAMETER = "The ledger (a source's canonical name); optional when only one ledger has the id";
    static final String LEDGER_RULE_MESSAGE = "ledger " + LedgerNames.RULE_DESCRIPTION;

    @Inject
    AccountService accounts;

    @GET
    @Path("/{externalId}")
    @Operation(summary = "Read an account by the provider's id")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "Unusable ledger, or several ledgers have the id and none is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No event has named this account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public AccountView find(@PathParam("externalId") String externalId,
                            @Parameter(description = LEDGER_PARAMETER) @QueryParam("ledger")
                            @Pattern(regexp = LedgerNames.RULE, message = LEDGER_RULE_MESSAGE) String ledger) {
        return accounts.find(ledger, externalId).orElseThrowProblem("account");
    }

    @GET
    @Path("/{externalId}/transactions")
    @Operation(summary = "List an account's transactions, newest booking first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "limit out of range, unusable ledger, or several ledgers have the id and none is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No event has named this account", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<TransactionView> transactions(@PathParam("externalId") String externalId,
                                              @Parameter(description = LEDGER_PARAMETER) @QueryParam("ledger")
                                              @Pattern(regexp = LedgerNames.RULE, message = LEDGER_RULE_MESSAGE) String ledger,
                                              @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return accounts.transactions(ledger, externalId, limit).orElseThrowProblem("account");
    }
}
