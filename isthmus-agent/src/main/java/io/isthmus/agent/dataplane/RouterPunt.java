package io.isthmus.agent.dataplane;

import java.lang.foreign.MemorySegment;

/**
 * Where the data plane hands the frames for a virtual router's services (DHCP, SNMP, IGMP, routing protocols): the router's slow path,
 * as a hardware router punts control traffic to its CPU. An implementation copies the frame and returns at once; it
 * never blocks, allocates or throws, and refuses (returns false) when its queue is full, which bounds what a node can
 * make the services do.
 */
public interface RouterPunt {
    /** A slow path that takes nothing: every service is off. */
    RouterPunt NONE = new RouterPunt() {
        @Override
        public boolean offer(Kind kind, int portIndex, MemorySegment segment, long offset, int length) {
            return false;
        }

        @Override
        public boolean wants(Kind kind, int portIndex) {
            return false;
        }
    };

    /** The services frames are punted to. */
    enum Kind {
        /** A DHCP client's message: UDP to port 67, broadcast or to the virtual router (RFC 2131). */
        DHCP,
        /** An SNMP request: UDP to port 161 of the virtual router (RFC 3416). */
        SNMP,
        /** An IGMP message: IP protocol 2 (RFC 3376), which tells the router the node's multicast groups. */
        IGMP,
        /** An OSPFv2 packet: IP protocol 89 to AllSPFRouters, AllDRouters or the router (RFC 2328 appendix A.1). */
        OSPF,
        /** A RIPv2 message: UDP to port 520 of RIPv2's group, the subnet's broadcast or the router (RFC 2453). */
        RIP,
        /** A TCP segment of a BGP session: to port 179 of the router (RFC 4271 section 8.2.1). */
        BGP
    }

    /**
     * Offers a copy of the Ethernet frame in {@code length} bytes of {@code segment} from {@code offset}, read from
     * port {@code portIndex}, to service {@code kind}. Called on a data-plane thread.
     *
     * @return whether the frame was taken; false when the service's queue is full or no service takes {@code kind}
     */
    boolean offer(Kind kind, int portIndex, MemorySegment segment, long offset, int length);

    /**
     * Whether the service of {@code kind} takes frames from port {@code portIndex}: for the routing protocols, only
     * from the ports of participants. Called on a data-plane thread; never blocks, allocates or throws.
     */
    default boolean wants(Kind kind, int portIndex) {
        return true;
    }
}
