package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus token}: a tenant's API tokens ({@code /v1/tenants/ID/tokens}, operator token). */
@Command(name = "token", description = "A tenant's API tokens (operator token).",
    subcommands = {TokenCommand.CreateToken.class, TokenCommand.ListTokens.class, TokenCommand.RevokeToken.class})
public final class TokenCommand extends Group {

    /** The {@code --tenant ID} option of every token command. */
    static final class TenantOption {
        @Option(names = "--tenant", paramLabel = "ID", required = true, order = 1,
            description = "The tenant owning the tokens.")
        String tenant;

        String tokens() {
            return "/v1/tenants/" + ApiClient.segment(tenant) + "/tokens";
        }
    }

    /** {@code isthmus token create --tenant ID NAME [--expires INSTANT]}. */
    @Command(name = "create", description = {"Issue a token for a tenant.",
        "The SECRET is shown this once: the controller keeps only its hash."})
    static final class CreateToken extends ApiCommand {
        @Mixin
        private TenantOption tenant = new TenantOption();

        @Parameters(paramLabel = "NAME", description = "The token's name.")
        private String name;

        @Option(names = "--expires", paramLabel = "INSTANT", order = 2,
            description = "When the token stops working, like 2027-01-01T00:00:00Z (default: never).")
        private Instant expires;

        @Override
        protected void run(ApiClient client) {
            var body = Json.object().put("name", name);
            if (expires != null) {
                body.put("expiresAt", expires.toString());
            }
            show(client.send("POST", tenant.tokens(), body, null).body(), Views.ISSUED_TOKEN);
        }
    }

    /** {@code isthmus token list --tenant ID}. */
    @Command(name = "list", description = "List a tenant's tokens (without secrets).")
    static final class ListTokens extends ListCommand {
        @Mixin
        private TenantOption tenant = new TenantOption();

        ListTokens() {
            super(Views.TOKEN);
        }

        @Override
        protected String path() {
            return tenant.tokens();
        }
    }

    /** {@code isthmus token revoke --tenant ID TOKEN_ID}. */
    @Command(name = "revoke", description = "Revoke a token: it stops working at once.")
    static final class RevokeToken extends DeleteCommand {
        @Mixin
        private TenantOption tenant = new TenantOption();

        RevokeToken() {
            super(null);
        }

        @Override
        protected String path(String encodedId) {
            return tenant.tokens() + "/" + encodedId;
        }
    }
}
