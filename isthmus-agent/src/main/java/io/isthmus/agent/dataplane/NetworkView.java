package io.isthmus.agent.dataplane;

import io.isthmus.agent.peering.PeeringView;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What this agent knows of one network that has nodes on its host: its settings, its subnets (each with its virtual
 * router) and every interface of its nodes, wherever they are. Immutable: the control thread builds a new view when
 * the controller's updates change the network, and the data plane reads it through {@link PortTable.Snapshot#network}.
 *
 * <p>The one mutable part is the traffic of each subnet's virtual router ({@link #routerCounters}): counters,
 * which a new view of the network takes over from the view it replaces ({@link PortTable#replaceNetworks}) for the
 * subnets that stay, so that replacing the view does not reset them.
 */
public final class NetworkView {
    private final int overlayId;
    private final String networkId;
    private final NetworkSettings settings;
    private final List<SubnetView> subnets;
    private final List<Member> members;
    /** The subnets by unsigned network address, for a binary search (subnets of a network never overlap). */
    private final SubnetView[] byAddress;
    private final int[] addresses;
    /** The members' addresses, open addressing with linear probing; 0 marks a free slot (0.0.0.0 is nobody's). */
    private final int[] memberAddresses;
    /** The member holding the address in the same slot of {@link #memberAddresses}. */
    private final Member[] memberSlots;
    private final int memberMask;
    /** Per subnet of {@link #byAddress}: the distinct agent prefixes of the other hosts with an interface in it. */
    private final long[][] remoteHostsHigh;
    private final long[][] remoteHostsLow;
    /** Per subnet of {@link #byAddress}: the distinct agent prefixes of the hosts of its appliances' interfaces. */
    private final long[][] applianceHostsHigh;
    private final long[][] applianceHostsLow;
    /** The route table of {@code byAddress[i]}: {@link RouteTableView#EMPTY} when none was pushed. */
    private final RouteTableView[] routeTables;
    /** The router counters of {@code byAddress[i]}; taken over from the previous view before publication. */
    private final VirtualRouterCounters[] routers;
    private final PeeringView peering;

    /**
     * A view of network {@code networkId} with overlay id {@code overlayId}.
     *
     * @throws IllegalArgumentException if two subnets overlap
     */
    public NetworkView(int overlayId, String networkId, NetworkSettings settings, List<SubnetView> subnets,
                       List<Member> members) {
        this(overlayId, networkId, settings, subnets, members, Map.of());
    }

    /**
     * A view of network {@code networkId} with overlay id {@code overlayId}, whose subnets have the route tables
     * {@code routeTables} by subnet id (a subnet without one delivers everything locally, as without tables).
     *
     * @throws IllegalArgumentException if two subnets overlap
     */
    public NetworkView(int overlayId, String networkId, NetworkSettings settings, List<SubnetView> subnets,
                       List<Member> members, Map<String, RouteTableView> routeTables) {
        this(overlayId, networkId, settings, subnets, members, routeTables, PeeringView.NONE);
    }

    /**
     * A view of network {@code networkId} with overlay id {@code overlayId}, its subnets' route tables by subnet id,
     * and what it reaches through peering routers.
     *
     * @throws IllegalArgumentException if two subnets overlap
     */
    public NetworkView(int overlayId, String networkId, NetworkSettings settings, List<SubnetView> subnets,
                       List<Member> members, Map<String, RouteTableView> routeTables, PeeringView peering) {
        this.overlayId = overlayId;
        this.peering = Objects.requireNonNull(peering, "peering");
        this.networkId = Objects.requireNonNull(networkId, "networkId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.subnets = List.copyOf(subnets);
        this.members = List.copyOf(members);
        List<SubnetView> sorted = new ArrayList<>(this.subnets);
        sorted.sort((a, b) -> Integer.compareUnsigned(a.address(), b.address()));
        this.byAddress = sorted.toArray(SubnetView[]::new);
        this.addresses = new int[byAddress.length];
        this.routers = new VirtualRouterCounters[byAddress.length];
        for (int i = 0; i < byAddress.length; i++) {
            addresses[i] = byAddress[i].address();
            routers[i] = new VirtualRouterCounters();
            if (i > 0 && byAddress[i - 1].contains(addresses[i])) {
                throw new IllegalArgumentException(byAddress[i] + " overlaps " + byAddress[i - 1]);
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, this.members.size() * 2) - 1) << 1;
        this.memberAddresses = new int[capacity];
        this.memberSlots = new Member[capacity];
        this.memberMask = capacity - 1;
        for (Member member : this.members) {
            int i = Hashing.slot(member.address(), memberMask);
            while (memberAddresses[i] != 0 && memberAddresses[i] != member.address()) {
                i = (i + 1) & memberMask;
            }
            memberAddresses[i] = member.address();
            memberSlots[i] = member;
        }
        this.remoteHostsHigh = new long[byAddress.length][];
        this.remoteHostsLow = new long[byAddress.length][];
        for (int i = 0; i < byAddress.length; i++) {
            String subnetId = byAddress[i].subnetId();
            List<Member> remote = this.members.stream().filter(m -> !m.local() && m.subnetId().equals(subnetId))
                .filter(distinctHost()).toList();
            remoteHostsHigh[i] = remote.stream().mapToLong(Member::hostPrefixHigh).toArray();
            remoteHostsLow[i] = remote.stream().mapToLong(Member::hostPrefixLow).toArray();
        }
        this.applianceHostsHigh = new long[byAddress.length][];
        this.applianceHostsLow = new long[byAddress.length][];
        this.routeTables = new RouteTableView[byAddress.length];
        for (int i = 0; i < byAddress.length; i++) {
            String subnetId = byAddress[i].subnetId();
            List<Member> appliances = this.members.stream().filter(m -> m.appliance() && m.subnetId().equals(subnetId))
                .filter(distinctHost()).toList();
            applianceHostsHigh[i] = appliances.stream().mapToLong(Member::hostPrefixHigh).toArray();
            applianceHostsLow[i] = appliances.stream().mapToLong(Member::hostPrefixLow).toArray();
            this.routeTables[i] = routeTables.getOrDefault(subnetId, RouteTableView.EMPTY);
        }
    }

    private static java.util.function.Predicate<Member> distinctHost() {
        java.util.Set<List<Long>> seen = new java.util.HashSet<>();
        return m -> seen.add(List.of(m.hostPrefixHigh(), m.hostPrefixLow()));
    }

    /** What the network reaches through peering routers ({@link PeeringView#NONE} without an attachment). */
    public PeeringView peering() {
        return peering;
    }

    /** Whether an interface of the network's nodes holds {@code ipv4}. Allocation-free. */
    public boolean hasMember(int ipv4) {
        return member(ipv4) != null;
    }

    /** The interface of the network's nodes that holds {@code ipv4}, or null. Allocation-free. */
    public Member member(int ipv4) {
        if (ipv4 == 0) {
            return null;
        }
        int i = Hashing.slot(ipv4, memberMask);
        int held;
        while ((held = memberAddresses[i]) != 0) {
            if (held == ipv4) {
                return memberSlots[i];
            }
            i = (i + 1) & memberMask;
        }
        return null;
    }

    /** The network id carried in substrate addresses. */
    public int overlayId() {
        return overlayId;
    }

    /** The network's id (net-...). */
    public String networkId() {
        return networkId;
    }

    /** The network's options. */
    public NetworkSettings settings() {
        return settings;
    }

    /** The network's subnets. */
    public List<SubnetView> subnets() {
        return subnets;
    }

    /** Every interface of the network's nodes. */
    public List<Member> members() {
        return members;
    }

    /** The subnet containing {@code ipv4}, or null when no subnet of the network does. Allocation-free. */
    public SubnetView subnetContaining(int ipv4) {
        int index = subnetIndexContaining(ipv4);
        return index < 0 ? null : byAddress[index];
    }

    /**
     * The traffic counters of the virtual router of the subnet containing {@code ipv4}, or null when no subnet of the
     * network does. Allocation-free.
     */
    public VirtualRouterCounters routerCounters(int ipv4) {
        int index = subnetIndexContaining(ipv4);
        return index >= 0 ? routers[index] : null;
    }

    /**
     * Takes over the router counters of {@code previous}, the view this one replaces, for every subnet with
     * the same id and prefix in both. Called by {@link PortTable} before it publishes this view.
     */
    void takeCountersFrom(NetworkView previous) {
        for (int i = 0; i < byAddress.length; i++) {
            int j = previous.subnetIndexContaining(byAddress[i].address());
            if (j >= 0 && previous.byAddress[j].equals(byAddress[i])) {
                routers[i] = previous.routers[j];
            }
        }
    }

    /**
     * The index (for {@link #subnetAt}, {@link #remoteHostCount}) of the subnet containing {@code ipv4}, or -1.
     * Allocation-free.
     */
    public int subnetIndexContaining(int ipv4) {
        int low = 0;
        int high = addresses.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Integer.compareUnsigned(addresses[middle], ipv4) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        // high: the last subnet whose address is not above ipv4, the only one that can contain it
        return high >= 0 && byAddress[high].contains(ipv4) ? high : -1;
    }

    /**
     * The route table of the subnet at {@code index} ({@link RouteTableView#EMPTY} when the controller pushed none).
     * Allocation-free.
     */
    public RouteTableView routeTableAt(int index) {
        return routeTables[index];
    }

    /**
     * Whether substrate address {@code sourceHigh:sourceLow} lies under the agent prefix of a host holding an appliance
     * node of this network with an interface in the subnet at {@code index}: such a host sends, under its own prefix,
     * the packets the appliance forwards for other nodes. Allocation-free.
     */
    public boolean fromApplianceHost(int index, OverlayAddressing addressing, long sourceHigh, long sourceLow) {
        long[] high = applianceHostsHigh[index];
        long[] low = applianceHostsLow[index];
        for (int i = 0; i < high.length; i++) {
            if (addressing.hasAgentPrefix(sourceHigh, sourceLow, high[i], low[i])) {
                return true;
            }
        }
        return false;
    }

    /** The subnet at {@code index}, an index {@link #subnetIndexContaining} gave. */
    public SubnetView subnetAt(int index) {
        return byAddress[index];
    }

    /** How many other hosts have an interface in the subnet at {@code index} (broadcast copies go to each). */
    public int remoteHostCount(int index) {
        return remoteHostsHigh[index].length;
    }

    /** The high 64 bits of the agent prefix of the {@code i}th other host with an interface in subnet {@code index}. */
    public long remoteHostHigh(int index, int i) {
        return remoteHostsHigh[index][i];
    }

    /** The low 64 bits of the agent prefix of the {@code i}th other host with an interface in subnet {@code index}. */
    public long remoteHostLow(int index, int i) {
        return remoteHostsLow[index][i];
    }

    /** The subnet with {@code subnetId}, or null. */
    public SubnetView subnet(String subnetId) {
        for (SubnetView subnet : subnets) {
            if (subnet.subnetId().equals(subnetId)) {
                return subnet;
            }
        }
        return null;
    }

    /**
     * The route table of the subnet with {@code subnetId} ({@link RouteTableView#EMPTY} when the controller pushed
     * none or there is no such subnet): what its virtual router announces to the subnet's routing participants.
     */
    public RouteTableView routeTable(String subnetId) {
        for (int i = 0; i < byAddress.length; i++) {
            if (byAddress[i].subnetId().equals(subnetId)) {
                return routeTables[i];
            }
        }
        return RouteTableView.EMPTY;
    }

    /** The subnets whose virtual routers speak a routing protocol (a new list: not for the packet path). */
    public List<SubnetView> routingSubnets() {
        return subnets.stream().filter(SubnetView::routingEnabled).toList();
    }

    @Override
    public String toString() {
        return "NetworkView[" + networkId + " overlay " + Integer.toUnsignedString(overlayId) + " " + settings + " "
            + subnets + " " + members.size() + " interfaces]";
    }

    /**
     * One interface of a node of the network.
     *
     * @param nodeId the node's id
     * @param interfaceId the interface's id
     * @param subnetId the interface's subnet
     * @param address its IPv4 address
     * @param mac its MAC
     * @param hostId the node's host
     * @param hostPrefixHigh the high 64 bits of the host's substrate prefix
     * @param hostPrefixLow the low 64 bits of the host's substrate prefix
     * @param local whether the node is placed on this agent's host
     * @param appliance whether the node is an appliance (source/destination check off: it forwards others' packets)
     */
    public record Member(String nodeId, String interfaceId, String subnetId, int address, long mac, String hostId,
                         long hostPrefixHigh, long hostPrefixLow, boolean local, boolean appliance) {
        public Member {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(interfaceId, "interfaceId");
            Objects.requireNonNull(subnetId, "subnetId");
            Objects.requireNonNull(hostId, "hostId");
        }

        /** An interface of a node that is no appliance. */
        public Member(String nodeId, String interfaceId, String subnetId, int address, long mac, String hostId,
                      long hostPrefixHigh, long hostPrefixLow, boolean local) {
            this(nodeId, interfaceId, subnetId, address, mac, hostId, hostPrefixHigh, hostPrefixLow, local, false);
        }
    }
}
