package io.isthmus.cli.resource;

import picocli.CommandLine.Command;

/** {@code isthmus route-table}: a subnet's route table (tenant token). */
@Command(name = "route-table", description = "The route table of a subnet (tenant token).",
    subcommands = RouteTableCommand.GetRouteTable.class)
public final class RouteTableCommand extends Group {

    /** {@code isthmus route-table get SUBNET_ID}: the table and its routes. */
    @Command(name = "get", description = "Show a subnet's route table and its routes.")
    static final class GetRouteTable extends GetCommand {
        GetRouteTable() {
            super("/v1/subnets/%s/route-table", Views.ROUTE_TABLE);
        }
    }
}
