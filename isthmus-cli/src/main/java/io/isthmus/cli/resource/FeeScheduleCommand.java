package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code isthmus fee-schedule}: the operator's prices of peering (operator token). */
@Command(name = "fee-schedule", description = "The prices of peering: per attachment-hour, per GB (10^9 bytes) in "
    + "and out, per 1000 routing updates (operator token).",
    subcommands = {FeeScheduleCommand.GetFees.class, FeeScheduleCommand.SetFees.class})
public final class FeeScheduleCommand extends Group {
    private static final String PATH = "/v1/fee-schedule";

    /** {@code isthmus fee-schedule get}. */
    @Command(name = "get", description = "Show the fee schedule (every price zero until one is set).")
    static final class GetFees extends ApiCommand {
        @Override
        protected void run(ApiClient client) {
            show(client.send("GET", PATH, null, null).body(), Views.FEE_SCHEDULE);
        }
    }

    /** {@code isthmus fee-schedule set [--currency CODE] [--attachment-hour PRICE] ...}. */
    @Command(name = "set", description = {"Set prices: those given replace the current ones, the others stay.",
        "Prices are decimals like 0.05 (at most 9 decimal places); invoices round each line to the currency's "
            + "minor unit."})
    static final class SetFees extends ApiCommand {
        @Option(names = "--currency", paramLabel = "CODE", order = 1, description = "ISO 4217 code, like EUR.")
        private String currency;

        @Option(names = "--attachment-hour", paramLabel = "PRICE", order = 2,
            description = "Price of an hour of an active attachment.")
        private String attachmentHour;

        @Option(names = "--gb-in", paramLabel = "PRICE", order = 3,
            description = "Price of 10^9 bytes into an attachment's network.")
        private String gigabyteIn;

        @Option(names = "--gb-out", paramLabel = "PRICE", order = 4,
            description = "Price of 10^9 bytes out of an attachment's network.")
        private String gigabyteOut;

        @Option(names = "--routing-updates", paramLabel = "PRICE", order = 5,
            description = "Price of 1000 routing updates delivered to an attachment's network.")
        private String thousandRoutingUpdates;

        @Override
        protected void run(ApiClient client) {
            ObjectNode schedule = (ObjectNode) client.send("GET", PATH, null, null).body();
            put(schedule, "currency", currency);
            put(schedule, "attachmentHour", attachmentHour);
            put(schedule, "gigabyteIn", gigabyteIn);
            put(schedule, "gigabyteOut", gigabyteOut);
            put(schedule, "thousandRoutingUpdates", thousandRoutingUpdates);
            show(client.send("PUT", PATH, schedule, null).body(), Views.FEE_SCHEDULE);
        }

        private static void put(ObjectNode schedule, String field, String value) {
            if (value != null) {
                schedule.put(field, value);
            }
        }
    }
}
