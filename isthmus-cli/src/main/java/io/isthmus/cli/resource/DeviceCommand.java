package io.isthmus.cli.resource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code isthmus device}: the virtual routers the controller runs for a network (tenant token). */
@Command(name = "device", description = "Virtual routers of a network (tenant token).",
    subcommands = DeviceCommand.ListDevices.class)
public final class DeviceCommand extends Group {

    /** {@code isthmus device list --network ID}. */
    @Command(name = "list", description = "List a network's virtual routers, one per subnet.")
    static final class ListDevices extends ListCommand {
        @Mixin
        private SubnetCommand.NetworkOption network = new SubnetCommand.NetworkOption();

        ListDevices() {
            super(Views.DEVICE);
        }

        @Override
        protected String path() {
            return network.path("devices");
        }
    }
}
