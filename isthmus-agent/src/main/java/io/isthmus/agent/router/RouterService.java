package io.isthmus.agent.router;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import java.lang.foreign.MemorySegment;

/**
 * One service of the virtual routers (DHCP, SNMP, IGMP), run on the {@link RouterServiceThread}. It may keep state and
 * allocate modestly; it must count and ignore bad input, never throw on it.
 */
public interface RouterService {
    /**
     * Handles a frame a node sent to the service.
     *
     * @param port the port the frame came from, as it is now
     * @param network the view of the port's network, or null when the agent has none yet
     * @param frame the Ethernet frame from offset 0; valid only during the call
     * @param length the frame's length
     * @param out where replies go ({@code toPort}, {@code toSubstrate}); safe to call from this thread
     */
    void handle(LocalPort port, NetworkView network, MemorySegment frame, int length, DataplaneSinks out);

    /**
     * Called about every {@link RouterServiceThread#TICK_NANOS} on the service thread, for timers (queries, lease and
     * membership expiry). Does nothing by default.
     *
     * @param nanoTime now, on the {@link System#nanoTime()} scale
     * @param out where frames the service originates go
     */
    default void tick(long nanoTime, DataplaneSinks out) {
    }

    /**
     * Whether the service takes frames from port {@code portIndex} ({@link io.isthmus.agent.dataplane.RouterPunt#wants});
     * called on data-plane threads, so it reads published state only and never blocks, allocates or throws. All ports
     * by default.
     */
    default boolean wants(int portIndex) {
        return true;
    }
}
