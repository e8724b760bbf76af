package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.Ids;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.AvailabilityWindow;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRestrictions;
import io.isthmus.api.resource.PeeringRouter;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.TrafficRule;
import io.isthmus.api.resource.Translation;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTableId;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantId;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of every stored record type, a byte-by-byte vector, and rejection of malformed values. */
class ResourceCodecTest {

    // ------------------------------------------------------------------ round trips

    @Property(tries = 300)
    void tenantsRoundTrip(@ForAll("tenants") Tenant tenant) {
        assertRoundTrip(tenant, tenant.version());
    }

    @Property(tries = 300)
    void tokensRoundTrip(@ForAll("tokens") ApiToken token) {
        assertRoundTrip(token, token.version());
    }

    @Property(tries = 300)
    void hostsRoundTrip(@ForAll("hosts") Host host) {
        assertRoundTrip(host, host.version());
    }

    @Property(tries = 300)
    void networksRoundTrip(@ForAll("networks") Network network) {
        assertRoundTrip(network, network.version());
    }

    @Property(tries = 300)
    void subnetsRoundTrip(@ForAll("subnets") Subnet subnet) {
        assertRoundTrip(subnet, subnet.version());
    }

    @Property(tries = 300)
    void routeTablesRoundTrip(@ForAll("routeTables") RouteTable table) {
        assertRoundTrip(table, table.version());
    }

    @Property(tries = 300)
    void nodesRoundTrip(@ForAll("nodes") Node node) {
        assertRoundTrip(node, node.version());
    }

    @Property(tries = 200)
    void everyTruncationIsRejected(@ForAll("anyResource") Record resource) {
        byte[] bytes = ResourceCodec.encode(resource);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ResourceCodec.decode(truncated, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertRoundTrip(Record resource, long version) {
        byte[] bytes = ResourceCodec.encode(resource);
        assertThat(bytes[0]).isEqualTo((byte) ResourceCodec.FORMAT_VERSION);
        assertThat(ResourceCodec.decode(bytes, resource.getClass(), version)).isEqualTo(resource);
        assertThat(ResourceCodec.decode(bytes, version)).isEqualTo(resource);
    }

    // ------------------------------------------------------------------ vector and rejections

    @Example
    void tenantVectorByteByByte() {
        Tenant tenant = new Tenant(new TenantId("ten-000000000001"), "acme", 9);
        String hex = "06" // format version 6
            + "01" // tag: tenant
            + "0010" + HexFormat.of().formatHex("ten-000000000001".getBytes()) // id, 16 bytes
            + "0004" + HexFormat.of().formatHex("acme".getBytes()); // name, 4 bytes
        assertThat(HexFormat.of().formatHex(ResourceCodec.encode(tenant))).isEqualTo(hex);
        assertThat(ResourceCodec.decode(HexFormat.of().parseHex(hex), Tenant.class, 9)).isEqualTo(tenant);
    }

    @Example
    void aFormatOneNetworkReadsWithTheDefaultOptions() {
        String hex = "01" // format version 1
            + "04" // tag: network
            + "0010" + HexFormat.of().formatHex("net-000000000001".getBytes()) // id
            + "0010" + HexFormat.of().formatHex("ten-000000000001".getBytes()) // tenant id
            + "0004" + HexFormat.of().formatHex("prod".getBytes()) // name
            + "00000001" + "0a000000" + "10" // one block: 10.0.0.0/16
            + "00000007"; // overlay id 7, and no options
        Network network = ResourceCodec.decode(HexFormat.of().parseHex(hex), Network.class, 5);
        assertThat(network.overlayId()).isEqualTo(7);
        assertThat(network.options()).isEqualTo(NetworkOptions.DEFAULTS);
        byte[] rewritten = ResourceCodec.encode(network);
        assertThat(rewritten[0]).isEqualTo((byte) ResourceCodec.FORMAT_VERSION);
        assertThat(ResourceCodec.decode(rewritten, Network.class, 5)).isEqualTo(network);
    }

    @Example
    void aFormatTwoNodeReadsAsHealthy() {
        int address = 0x0a000105;
        Node node = new Node(new NodeId("node-000000000001"), new TenantId("ten-000000000001"),
            new NetworkId("net-000000000001"), "fw", new HostId("host-000000000001"), false,
            List.of(new NetworkInterface(new InterfaceId("if-000000000001"), new SubnetId("sub-000000000001"),
                address, VirtualMacs.forInterface(address))), false, 5);
        byte[] bytes = ResourceCodec.encode(node);
        assertThat(bytes[bytes.length - 1]).as("health, last").isZero();
        byte[] formatTwo = Arrays.copyOf(bytes, bytes.length - 1);
        formatTwo[0] = 2;
        Node read = ResourceCodec.decode(formatTwo, Node.class, 5);
        assertThat(read.healthy()).isTrue();
        assertThat(read).isEqualTo(new Node(node.id(), node.tenantId(), node.networkId(), node.name(), node.hostId(),
            false, node.interfaces(), 5));
        assertThat(ResourceCodec.decode(bytes, Node.class, 5).healthy()).isFalse();
    }

    @Example
    void aFormatThreeSubnetReadsWithRoutingOff() {
        String hex = "03" // format version 3
            + "05" // tag: subnet
            + "0010" + HexFormat.of().formatHex("sub-000000000001".getBytes()) // id
            + "0010" + HexFormat.of().formatHex("ten-000000000001".getBytes()) // tenant id
            + "0010" + HexFormat.of().formatHex("net-000000000001".getBytes()) // network id
            + "0003" + HexFormat.of().formatHex("web".getBytes()) // name
            + "0a000100" + "18"; // 10.0.1.0/24, and no routing
        Subnet subnet = ResourceCodec.decode(HexFormat.of().parseHex(hex), Subnet.class, 5);
        assertThat(subnet).isEqualTo(Subnet.of(new SubnetId("sub-000000000001"), new TenantId("ten-000000000001"),
            new NetworkId("net-000000000001"), "web", Ipv4Prefix.parse("10.0.1.0/24"), 5));
        assertThat(subnet.routing()).isEqualTo(SubnetRouting.OFF);
        byte[] rewritten = ResourceCodec.encode(subnet);
        assertThat(rewritten[0]).isEqualTo((byte) ResourceCodec.FORMAT_VERSION);
        assertThat(ResourceCodec.decode(rewritten, Subnet.class, 5)).isEqualTo(subnet);
    }

    @Example
    void aFormatFourSubnetCarriesItsRouting() {
        SubnetRouting routing = new SubnetRouting(Set.of(RoutingProtocol.BGP, RoutingProtocol.RIP), 0x0a000001,
            new SubnetRouting.Bgp(4_200_000_000L, 30), SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.MD5, "key", 7),
            List.of(new RoutingParticipant(new NodeId("node-000000000001"), Set.of(RoutingProtocol.BGP), 65001,
                new PeerPolicy(List.of(PrefixRange.parse("10.2.0.0/16{24,24}")), 100, 10, 20))));
        Subnet subnet = Subnet.of(new SubnetId("sub-000000000001"), new TenantId("ten-000000000001"),
            new NetworkId("net-000000000001"), "web", Ipv4Prefix.parse("10.0.1.0/24"), 5).withRouting(routing);
        String hex = HexFormat.of().formatHex(ResourceCodec.encode(subnet));
        String routingHex = "00000005" // protocols: BGP (1) and RIP (4)
            + "0a000001" // router id 10.0.0.1
            + "00000000fa56ea00" + "0000001e" // AS 4200000000, hold 30 s
            + "00000000" + "0000000a" + "00000028" + "0000000a" + "00" // OSPF defaults, broadcast
            + "02" + "01" + "0003" + HexFormat.of().formatHex("key".getBytes()) + "00000007" // RIP MD5, key, id 7
            + "00000001" + "0011" + HexFormat.of().formatHex("node-000000000001".getBytes()) // one participant
            + "00000001" + "000000000000fde9" // BGP, AS 65001
            + "00000001" + "0a020000" + "10" + "18" + "18" // 10.2.0.0/16{24,24}
            + "00000064" + "0000000a" + "00000014"; // max 100, 10/s, burst 20
        assertThat(hex).startsWith("0605").endsWith("0a000100" + "18" + routingHex);
        String formatFour = "04" + hex.substring(2);
        assertThat(ResourceCodec.decode(HexFormat.of().parseHex(formatFour), Subnet.class, 5)).isEqualTo(subnet);
    }

    private static final PeeringRouter ROUTER = new PeeringRouter(new PeeringRouterId("pr-000000000001"),
        new TenantId("ten-000000000001"), "hub", new PeeringRestrictions(List.of(new TenantId("ten-000000000002")),
        List.of(new NetworkId("net-000000000002")), List.of(new AvailabilityWindow.Weekly(
        Set.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), LocalTime.of(8, 30), LocalTime.MIDNIGHT),
        new AvailabilityWindow.Absolute(Instant.ofEpochSecond(10), Instant.ofEpochSecond(20, 5))), 3600, true), 7);

    private static final PeeringAttachment ATTACHMENT = new PeeringAttachment(
        new PeeringAttachmentId("pa-000000000001"), ROUTER.id(), ROUTER.tenantId(), new NetworkId("net-000000000002"),
        new TenantId("ten-000000000002"), new TenantId("ten-000000000002"), PeeringAttachmentState.ACTIVE, true, true,
        List.of(Ipv4Prefix.parse("10.0.0.0/24")), new AttachmentPolicy(List.of(PrefixRange.parse("10.0.0.0/16{16,24}")),
        List.of(PrefixRange.parse("0.0.0.0/0{0,32}")), List.of(new TrafficRule(TrafficRule.Direction.IN,
        TrafficRule.Protocol.TCP, 80, 80, Ipv4Prefix.parse("10.0.0.5/32"))), true,
        List.of(new PeeringAttachmentId("pa-000000000002")), OverlapMode.TRANSLATE,
        List.of(new Translation(Ipv4Prefix.parse("10.0.0.0/24"), Ipv4Prefix.parse("210.0.0.0/24")))),
        List.of(new Translation(Ipv4Prefix.parse("10.0.0.0/24"), Ipv4Prefix.parse("210.0.0.0/24"))), 60,
        Instant.ofEpochSecond(100, 1), Instant.ofEpochSecond(160, 1), 9);

    @Example
    void peeringRecordsRoundTrip() {
        assertRoundTrip(ROUTER, 7);
        assertRoundTrip(ATTACHMENT, 9);
        PeeringAttachment pending = ATTACHMENT.with(PeeringAttachmentState.PENDING_ACCEPTANCE, true, false,
            List.of(), null);
        assertRoundTrip(pending, 9);
        assertRoundTrip(LINK, 4);
        assertRoundTrip(LINK.with(PeeringAttachmentState.ACTIVE), 4);
    }

    @Example
    void anAttachmentCarriesItsActivationAndDetachTimesAtTheEnd() {
        PeeringAttachment detached = ATTACHMENT.activated(Instant.ofEpochSecond(100, 1))
            .detached(Instant.ofEpochSecond(0x0102, 3));
        assertRoundTrip(detached, 9);
        assertRoundTrip(ATTACHMENT.activated(Instant.ofEpochSecond(5)), 9);
        String hex = HexFormat.of().formatHex(ResourceCodec.encode(detached));
        String plain = HexFormat.of().formatHex(ResourceCodec.encode(ATTACHMENT));
        assertThat(hex).startsWith("0609").endsWith("01" + "00000000000000a0" + "00000001" // expires 160 s
            + "01" + "0000000000000064" + "00000001" // activated 100 s
            + "01" + "0000000000000102" + "00000003"); // detached 258 s
        assertThat(plain).endsWith("01" + "00000000000000a0" + "00000001" + "00" + "00");
    }

    @Example
    void aFormatFiveAttachmentReadsNeverActivatedNorDetached() {
        String hex = HexFormat.of().formatHex(ResourceCodec.encode(ATTACHMENT.activated(Instant.ofEpochSecond(5))));
        // format 5 ends after the expiry: without the two presence bytes of format 6 (and the activation time)
        String formatFive = "05" + hex.substring(2, hex.length() - 2 * (1 + 12 + 1));
        PeeringAttachment read = ResourceCodec.decode(HexFormat.of().parseHex(formatFive), PeeringAttachment.class,
            9);
        assertThat(read).isEqualTo(ATTACHMENT);
        assertThat(read.activatedAt()).isNull();
        assertThat(read.detachedAt()).isNull();
        byte[] rewritten = ResourceCodec.encode(read);
        assertThat(rewritten[0]).isEqualTo((byte) 6);
    }

    private static final PeeringLink LINK = new PeeringLink(new PeeringLinkId("pl-000000000001"), ROUTER.id(),
        ROUTER.tenantId(), new PeeringRouterId("pr-000000000002"), new TenantId("ten-000000000002"),
        PeeringAttachmentState.PENDING_ACCEPTANCE, 4);

    @Example
    void aPeeringRouterVectorByteByByte() {
        PeeringRouter router = new PeeringRouter(new PeeringRouterId("pr-000000000001"),
            new TenantId("ten-000000000001"), "hub", new PeeringRestrictions(List.of(), List.of(), List.of(
            new AvailabilityWindow.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), LocalTime.of(8, 0),
                LocalTime.of(18, 0))), 3600, true), 3);
        String hex = "06" // format version 6
            + "08" // tag: peering router
            + "000f" + HexFormat.of().formatHex("pr-000000000001".getBytes()) // id
            + "0010" + HexFormat.of().formatHex("ten-000000000001".getBytes()) // tenant id
            + "0003" + HexFormat.of().formatHex("hub".getBytes()) // name
            + "00000000" + "00000000" // no tenants, no networks
            + "00000001" + "00" + "00000041" + "00007080" + "0000fd20" // weekly: Monday and Sunday, 08:00-18:00
            + "0000000000000e10" + "01"; // max 3600 s, pre-approved
        assertThat(HexFormat.of().formatHex(ResourceCodec.encode(router))).isEqualTo(hex);
        assertThat(ResourceCodec.decode(HexFormat.of().parseHex(hex), PeeringRouter.class, 3)).isEqualTo(router);
    }

    @Example
    void everyTruncationOfAPeeringRecordIsRejected() {
        for (Record resource : List.of(ROUTER, ATTACHMENT, LINK,
            ATTACHMENT.activated(Instant.EPOCH).detached(Instant.ofEpochSecond(9)))) {
            byte[] bytes = ResourceCodec.encode(resource);
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> ResourceCodec.decode(truncated, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Example
    void versionIsTheCallersNotTheStoredOne() {
        Tenant tenant = new Tenant(new TenantId("ten-000000000001"), "acme", 9);
        assertThat(ResourceCodec.decode(ResourceCodec.encode(tenant), Tenant.class, 42).version()).isEqualTo(42);
    }

    @Example
    void unknownFormatVersionTagAndTrailingBytesAreRejected() {
        byte[] bytes = ResourceCodec.encode(new Tenant(new TenantId("ten-000000000001"), "acme", 1));
        byte[] future = bytes.clone();
        future[0] = 7;
        assertThatThrownBy(() -> ResourceCodec.decode(future, 1)).hasMessageContaining("format version 7");
        byte[] badTag = bytes.clone();
        badTag[1] = 99;
        assertThatThrownBy(() -> ResourceCodec.decode(badTag, 1)).hasMessageContaining("tag 99");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> ResourceCodec.decode(trailing, 1)).hasMessageContaining("trailing");
    }

    @Example
    void wrongTypeIsRejected() {
        byte[] bytes = ResourceCodec.encode(new Tenant(new TenantId("ten-000000000001"), "acme", 1));
        assertThatThrownBy(() -> ResourceCodec.decode(bytes, Host.class, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Host");
    }

    // ------------------------------------------------------------------ generators

    private static Arbitrary<String> id(String prefix) {
        return Arbitraries.of(Ids.ALPHABET.chars().mapToObj(c -> (char) c).toList()).list().ofSize(Ids.RANDOM_LENGTH)
            .map(chars -> prefix + "-" + chars.stream().map(String::valueOf).reduce("", String::concat));
    }

    private static <T> Arbitrary<T> id(String prefix, Function<String, T> type) {
        return id(prefix).map(type);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(63)
            .map(s -> "n" + s.substring(1));
    }

    private static Arbitrary<Long> versions() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    private static Arbitrary<Ipv4Prefix> ipv4Prefixes() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as(Ipv4Prefix::normalized);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-1L << 40, 1L << 40),
            Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Tenant> tenants() {
        return Combinators.combine(id(TenantId.PREFIX, TenantId::new), names(), versions()).as(Tenant::new);
    }

    @Provide
    Arbitrary<ApiToken> tokens() {
        Arbitrary<String> hashes = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        return Combinators.combine(id(ApiTokenId.PREFIX, ApiTokenId::new), id(TenantId.PREFIX, TenantId::new),
                names(), hashes, instants(), instants().injectNull(0.3), versions())
            .as(ApiToken::new);
    }

    @Provide
    Arbitrary<Host> hosts() {
        Arbitrary<Ipv6Prefix> prefixes = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
            Arbitraries.integers().between(0, 128)).as(Ipv6Prefix::normalized);
        return Combinators.combine(id(HostId.PREFIX, HostId::new), names(), prefixes, versions()).as(Host::new);
    }

    @Provide
    Arbitrary<Network> networks() {
        return Combinators.combine(id(NetworkId.PREFIX, NetworkId::new), id(TenantId.PREFIX, TenantId::new),
                names(), ipv4Prefixes().list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.integers().between(1, Network.MAX_OVERLAY_ID), networkOptions(), versions())
            .as(Network::new);
    }

    Arbitrary<NetworkOptions> networkOptions() {
        return Combinators.combine(Arbitraries.integers().between(576, 9000),
                Arbitraries.integers().list().ofMaxSize(4), Arbitraries.integers().greaterOrEqual(10),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(32).injectNull(0.3),
                Arbitraries.of(true, false))
            .as(NetworkOptions::new);
    }

    @Provide
    Arbitrary<Subnet> subnets() {
        return Combinators.combine(Combinators.combine(id(SubnetId.PREFIX, SubnetId::new),
                id(TenantId.PREFIX, TenantId::new), id(NetworkId.PREFIX, NetworkId::new), names(), ipv4Prefixes(),
                versions()).as(Subnet::of), routings())
            .as(Subnet::withRouting);
    }

    @Provide
    Arbitrary<SubnetRouting> routings() {
        Arbitrary<Set<RoutingProtocol>> protocols = Arbitraries.of(RoutingProtocol.class).set();
        Arbitrary<PrefixRange> ranges = ipv4Prefixes().flatMap(prefix -> Arbitraries.integers()
            .between(prefix.length(), 32).flatMap(min -> Arbitraries.integers().between(min, 32)
                .map(max -> new PrefixRange(prefix, min, max))));
        Arbitrary<RoutingParticipant> participants = Combinators.combine(id(NodeId.PREFIX, NodeId::new), protocols,
                Arbitraries.longs().between(0, 0xffff_ffffL), ranges.list().ofMaxSize(4),
                Arbitraries.integers().between(1, 100_000), Arbitraries.integers().between(1, 1000),
                Arbitraries.integers().between(1, 1000))
            .as((node, spoken, asn, allowed, max, rate, burst) -> new RoutingParticipant(node, spoken, asn,
                new PeerPolicy(allowed, max, rate, burst)));
        Arbitrary<SubnetRouting.Rip> rips = Combinators.combine(Arbitraries.of(SubnetRouting.RipAuthentication.class),
                Arbitraries.strings().alpha().ofMaxLength(16).injectNull(0.3), Arbitraries.integers().between(0, 255))
            .as(SubnetRouting.Rip::new);
        Arbitrary<SubnetRouting.Ospf> ospfs = Combinators.combine(Arbitraries.integers(),
                Arbitraries.integers().between(1, 100), Arbitraries.integers().between(101, 65535),
                Arbitraries.integers().between(1, 65535), Arbitraries.of(SubnetRouting.OspfNetworkType.class))
            .as(SubnetRouting.Ospf::new);
        Arbitrary<SubnetRouting> configured = Combinators.combine(protocols, Arbitraries.integers(),
                Combinators.combine(Arbitraries.longs().between(1, 0xffff_ffffL), Arbitraries.integers()
                    .between(0, 65535)).as(SubnetRouting.Bgp::new), ospfs, rips, participants.list().ofMaxSize(3))
            .as(SubnetRouting::new);
        return Arbitraries.oneOf(Arbitraries.just(SubnetRouting.OFF), configured);
    }

    @Provide
    Arbitrary<RouteTable> routeTables() {
        Arbitrary<RouteTarget> targets = Arbitraries.oneOf(
            Arbitraries.just(new RouteTarget.Local()), Arbitraries.just(new RouteTarget.Blackhole()),
            Combinators.combine(id(NodeId.PREFIX, NodeId::new), id(InterfaceId.PREFIX, InterfaceId::new))
                .as(RouteTarget.ApplianceInterface::new),
            id(PeeringRouterId.PREFIX, PeeringRouterId::new).map(RouteTarget.PeeringRouter::new));
        Arbitrary<Route> routes = Combinators.combine(ipv4Prefixes(), targets.list().ofMinSize(1).ofMaxSize(8),
            Arbitraries.of(RouteKind.class)).as(Route::new);
        return Combinators.combine(id(SubnetId.PREFIX, SubnetId::new), id(TenantId.PREFIX, TenantId::new),
                id(NetworkId.PREFIX, NetworkId::new), routes.list().ofMaxSize(12), versions())
            .as((subnet, tenant, network, list, version) ->
                new RouteTable(RouteTableId.ofSubnet(subnet), tenant, network, subnet, list, version));
    }

    @Provide
    Arbitrary<Node> nodes() {
        Arbitrary<NetworkInterface> interfaces = Combinators.combine(id(InterfaceId.PREFIX, InterfaceId::new),
                id(SubnetId.PREFIX, SubnetId::new), Arbitraries.integers())
            .as((id, subnet, address) -> new NetworkInterface(id, subnet, address, VirtualMacs.forInterface(address)));
        return Combinators.combine(id(NodeId.PREFIX, NodeId::new), id(TenantId.PREFIX, TenantId::new),
                id(NetworkId.PREFIX, NetworkId::new), names(), id(HostId.PREFIX, HostId::new),
                Arbitraries.integers().between(0, 3), interfaces.list().ofMinSize(1).ofMaxSize(8), versions())
            .as((id, tenant, network, name, host, flags, list, version) -> new Node(id, tenant, network, name, host,
                (flags & 1) != 0, list, (flags & 2) != 0, version));
    }

    @Provide
    Arbitrary<Record> anyResource() {
        return Arbitraries.oneOf(List.of(tenants(), tokens(), hosts(), networks(), subnets(), routeTables(), nodes()));
    }
}
