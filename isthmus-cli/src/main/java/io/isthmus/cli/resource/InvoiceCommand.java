package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code isthmus invoice [TENANT] [--from INSTANT] [--to INSTANT]}: what a tenant owes for peering in a period. */
@Command(name = "invoice", description = {"Show a tenant's invoice of peering for a period: per attachment of its "
    + "networks, attachment-hours, GB in and out and thousands of routing updates, priced by the fee schedule.",
    "With TENANT, any tenant's (operator token); without, your own (tenant token). The network's tenant pays for "
        + "its attachment."})
public final class InvoiceCommand extends ApiCommand {
    @Parameters(paramLabel = "TENANT", arity = "0..1", description = "The tenant's id (operator token).")
    private String tenant;

    @Mixin
    private Period period = new Period();

    @Override
    protected void run(ApiClient client) {
        String path = tenant == null ? "/v1/invoice" : "/v1/tenants/" + ApiClient.segment(tenant) + "/invoice";
        JsonNode invoice = client.send("GET", period.query(path), null, null).body();
        if (output == Output.json) {
            show(invoice, Views.INVOICE);
        } else {
            show(withItems(invoice), Views.INVOICE);
        }
    }

    /** The invoice with its lines flattened into {@code items}, each with its attachment and network. */
    private static JsonNode withItems(JsonNode invoice) {
        ObjectNode copy = invoice.deepCopy();
        ArrayNode items = copy.putArray("items");
        for (JsonNode attachment : invoice.path("attachments")) {
            for (JsonNode line : attachment.path("lines")) {
                ObjectNode item = items.addObject().put("attachmentId", attachment.path("attachmentId").asText())
                    .put("networkId", attachment.path("networkId").asText());
                item.setAll((ObjectNode) line);
            }
        }
        return copy;
    }
}
