package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code isthmus tenant}: the operator's tenants ({@code /v1/tenants}, operator token). */
@Command(name = "tenant", description = "Tenants (operator token).",
    subcommands = {TenantCommand.CreateTenant.class, TenantCommand.ListTenants.class, TenantCommand.GetTenant.class,
        TenantCommand.DeleteTenant.class})
public final class TenantCommand extends Group {

    /** {@code isthmus tenant create NAME}. */
    @Command(name = "create", description = "Create a tenant.")
    static final class CreateTenant extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The tenant's name.")
        private String name;

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", "/v1/tenants", Json.object().put("name", name), null).body(), Views.TENANT);
        }
    }

    /** {@code isthmus tenant list}. */
    @Command(name = "list", description = "List tenants.")
    static final class ListTenants extends ListCommand {
        ListTenants() {
            super(Views.TENANT);
        }

        @Override
        protected String path() {
            return "/v1/tenants";
        }
    }

    /** {@code isthmus tenant get ID}. */
    @Command(name = "get", description = "Show a tenant.")
    static final class GetTenant extends GetCommand {
        GetTenant() {
            super("/v1/tenants/%s", Views.TENANT);
        }
    }

    /** {@code isthmus tenant delete ID}. */
    @Command(name = "delete", description = "Delete a tenant that has no networks left.")
    static final class DeleteTenant extends DeleteCommand {
        DeleteTenant() {
            super("/v1/tenants/%s");
        }
    }
}
