package io.isthmus.controller.system;

import io.isthmus.api.resource.ApiToken;
import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The stored form of the system manager's resources: a compact, versioned binary encoding written with
 * {@link DataOutputStream} (big-endian). Every value starts with two bytes:
 *
 * <pre>
 *  byte 0: format version ({@value #FORMAT_VERSION})
 *  byte 1: record tag (1 tenant, 2 API token, 3 host, 4 network, 5 subnet, 6 route table, 7 node, 8 peering
 *          router, 9 peering attachment, 10 peering link)
 *  then the record's fields in declaration order:
 *    id / string   modified UTF-8 with a 2-byte length ({@link DataOutputStream#writeUTF})
 *    IPv4 prefix   int address, byte length
 *    IPv6 prefix   long high, long low, byte length
 *    instant       long epoch second, int nano; nullable ones are preceded by a presence byte
 *    list          int count, then the elements
 *    route target  byte kind (0 local, 1 appliance interface, 2 blackhole, 3 peering router), then its fields
 *    network options  int MTU, list of int DNS servers, int lease seconds, presence byte and community, boolean
 *                  multicast across subnets
 * </pre>
 *
 * Format 1 is format 2 without a network's options, which read as {@link NetworkOptions#DEFAULTS}. Format 3 adds a
 * node's health (a boolean after its interfaces); nodes of formats 1 and 2 read as healthy. Format 4 adds a subnet's
 * routing after its CIDR; subnets of formats 1 to 3 read with routing off ({@link SubnetRouting#OFF}):
 *
 * <pre>
 *    subnet routing  int protocol bits (1 BGP, 2 OSPF, 4 RIP), int router id, long BGP AS, int hold time,
 *                  int OSPF area, int hello, int dead, int cost, byte network type, byte RIP authentication,
 *                  presence byte and key, int key id, list of participants: node id, int protocol bits, long AS,
 *                  list of prefix ranges (prefix, byte min, byte max), int max prefixes, int messages per second,
 *                  int burst
 * </pre>
 *
 * Format 5 adds the peering records (tags 8 to 10; the other records are written as in format 4):
 *
 * <pre>
 *    peering router      id, tenant id, name, restrictions: list of tenant ids, list of network ids, list of
 *                        windows (byte 0 weekly: int day bits (1 Monday .. 64 Sunday), int start second of day, int
 *                        end second of day; byte 1 absolute: instant from, instant until), long max attachment
 *                        seconds, boolean pre-approved
 *    peering attachment  id, router id, router tenant id, network id, network tenant id, requested-by tenant id,
 *                        byte state, boolean tenant accepted, boolean owner accepted, list of blocks, policy, list of
 *                        translations (block, representative), long duration seconds, instant created, nullable
 *                        instant expires
 *    peering link        id, router id, router tenant id, peer router id, peer tenant id, byte state
 *    policy              list of export prefix ranges, list of import prefix ranges, list of traffic rules (byte
 *                        direction, byte protocol, int from port, int to port, prefix destination), boolean
 *                        responses only, list of peer attachment ids, byte overlap mode, list of translations
 * </pre>
 *
 * Format 6 adds two nullable instants at the end of a peering attachment: when it became active and when it was
 * detached (the copy metering keeps after a detach); attachments of format 5 read with neither. The other records
 * are written as in format 5.
 *
 * The {@code version} field of a resource is not stored: it is the modRevision of the key holding the value, passed
 * to {@link #decode(byte[], Class, long)}. A reader rejects a format version it does not know, so a later format
 * must bump the version byte and keep reading the older ones.
 */
public final class ResourceCodec {
    /** The format version written in the first byte. */
    public static final int FORMAT_VERSION = 6;

    private static final int TENANT = 1;
    private static final int API_TOKEN = 2;
    private static final int HOST = 3;
    private static final int NETWORK = 4;
    private static final int SUBNET = 5;
    private static final int ROUTE_TABLE = 6;
    private static final int NODE = 7;
    private static final int PEERING_ROUTER = 8;
    private static final int PEERING_ATTACHMENT = 9;
    private static final int PEERING_LINK = 10;

    private ResourceCodec() {
    }

    /**
     * Encodes a resource (without its version).
     *
     * @param resource a {@link Tenant}, {@link ApiToken}, {@link Host}, {@link Network}, {@link Subnet},
     *     {@link RouteTable}, {@link Node}, {@link PeeringRouter}, {@link PeeringAttachment} or
     *     {@link PeeringLink}
     * @return its stored form
     */
    public static byte[] encode(Record resource) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            switch (resource) {
                case Tenant t -> {
                    out.writeByte(TENANT);
                    out.writeUTF(t.id().value());
                    out.writeUTF(t.name());
                }
                case ApiToken t -> {
                    out.writeByte(API_TOKEN);
                    out.writeUTF(t.id().value());
                    out.writeUTF(t.tenantId().value());
                    out.writeUTF(t.name());
                    out.writeUTF(t.secretSha256());
                    writeInstant(out, t.createdAt());
                    out.writeBoolean(t.expiresAt() != null);
                    if (t.expiresAt() != null) {
                        writeInstant(out, t.expiresAt());
                    }
                }
                case Host h -> {
                    out.writeByte(HOST);
                    out.writeUTF(h.id().value());
                    out.writeUTF(h.name());
                    out.writeLong(h.substratePrefix().high());
                    out.writeLong(h.substratePrefix().low());
                    out.writeByte(h.substratePrefix().length());
                }
                case Network n -> {
                    out.writeByte(NETWORK);
                    out.writeUTF(n.id().value());
                    out.writeUTF(n.tenantId().value());
                    out.writeUTF(n.name());
                    out.writeInt(n.cidrBlocks().size());
                    for (Ipv4Prefix block : n.cidrBlocks()) {
                        writePrefix(out, block);
                    }
                    out.writeInt(n.overlayId());
                    writeOptions(out, n.options());
                }
                case Subnet s -> {
                    out.writeByte(SUBNET);
                    out.writeUTF(s.id().value());
                    out.writeUTF(s.tenantId().value());
                    out.writeUTF(s.networkId().value());
                    out.writeUTF(s.name());
                    writePrefix(out, s.cidr());
                    writeRouting(out, s.routing());
                }
                case RouteTable t -> {
                    out.writeByte(ROUTE_TABLE);
                    out.writeUTF(t.subnetId().value());
                    out.writeUTF(t.tenantId().value());
                    out.writeUTF(t.networkId().value());
                    out.writeInt(t.routes().size());
                    for (Route route : t.routes()) {
                        writePrefix(out, route.destination());
                        out.writeByte(route.kind().ordinal());
                        out.writeInt(route.targets().size());
                        for (RouteTarget target : route.targets()) {
                            writeTarget(out, target);
                        }
                    }
                }
                case Node n -> {
                    out.writeByte(NODE);
                    out.writeUTF(n.id().value());
                    out.writeUTF(n.tenantId().value());
                    out.writeUTF(n.networkId().value());
                    out.writeUTF(n.name());
                    out.writeUTF(n.hostId().value());
                    out.writeBoolean(n.sourceDestCheck());
                    out.writeInt(n.interfaces().size());
                    for (NetworkInterface i : n.interfaces()) {
                        out.writeUTF(i.id().value());
                        out.writeUTF(i.subnetId().value());
                        out.writeInt(i.address());
                        out.writeLong(i.mac());
                    }
                    out.writeBoolean(n.healthy());
                }
                case PeeringRouter r -> {
                    out.writeByte(PEERING_ROUTER);
                    out.writeUTF(r.id().value());
                    out.writeUTF(r.tenantId().value());
                    out.writeUTF(r.name());
                    writeRestrictions(out, r.restrictions());
                }
                case PeeringAttachment a -> {
                    out.writeByte(PEERING_ATTACHMENT);
                    out.writeUTF(a.id().value());
                    out.writeUTF(a.routerId().value());
                    out.writeUTF(a.routerTenantId().value());
                    out.writeUTF(a.networkId().value());
                    out.writeUTF(a.networkTenantId().value());
                    out.writeUTF(a.requestedBy().value());
                    out.writeByte(a.state().ordinal());
                    out.writeBoolean(a.tenantAccepted());
                    out.writeBoolean(a.ownerAccepted());
                    out.writeInt(a.blocks().size());
                    for (Ipv4Prefix block : a.blocks()) {
                        writePrefix(out, block);
                    }
                    writePolicy(out, a.policy());
                    writeTranslations(out, a.translations());
                    out.writeLong(a.durationSeconds());
                    writeInstant(out, a.createdAt());
                    writeNullableInstant(out, a.expiresAt());
                    writeNullableInstant(out, a.activatedAt());
                    writeNullableInstant(out, a.detachedAt());
                }
                case PeeringLink l -> {
                    out.writeByte(PEERING_LINK);
                    out.writeUTF(l.id().value());
                    out.writeUTF(l.routerId().value());
                    out.writeUTF(l.routerTenantId().value());
                    out.writeUTF(l.peerRouterId().value());
                    out.writeUTF(l.peerTenantId().value());
                    out.writeByte(l.state().ordinal());
                }
                default -> throw new IllegalArgumentException("not a stored resource: " + resource.getClass());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a resource of an expected type.
     *
     * @param bytes the stored form
     * @param type the expected record type
     * @param version the resource's version (its key's modRevision)
     * @param <T> the record type
     * @return the resource
     * @throws IllegalArgumentException if the bytes are not a well-formed value of that type and format
     */
    public static <T extends Record> T decode(byte[] bytes, Class<T> type, long version) {
        Record decoded = decode(bytes, version);
        if (!type.isInstance(decoded)) {
            throw new IllegalArgumentException("stored value is a " + decoded.getClass().getSimpleName() + ", not a "
                + type.getSimpleName());
        }
        return type.cast(decoded);
    }

    /**
     * Decodes a resource of any type.
     *
     * @param bytes the stored form
     * @param version the resource's version (its key's modRevision)
     * @return the resource
     * @throws IllegalArgumentException if the bytes are not a well-formed value of this format
     */
    public static Record decode(byte[] bytes, long version) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format < 1 || format > FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown stored format version " + format);
            }
            int tag = in.readUnsignedByte();
            Record decoded = switch (tag) {
                case TENANT -> new Tenant(new TenantId(in.readUTF()), in.readUTF(), version);
                case API_TOKEN -> new ApiToken(new ApiTokenId(in.readUTF()), new TenantId(in.readUTF()), in.readUTF(),
                    in.readUTF(), readInstant(in), in.readBoolean() ? readInstant(in) : null, version);
                case HOST -> new Host(new HostId(in.readUTF()), in.readUTF(),
                    new Ipv6Prefix(in.readLong(), in.readLong(), in.readUnsignedByte()), version);
                case NETWORK -> {
                    NetworkId id = new NetworkId(in.readUTF());
                    TenantId tenant = new TenantId(in.readUTF());
                    String name = in.readUTF();
                    int count = count(in);
                    List<Ipv4Prefix> blocks = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        blocks.add(readPrefix(in));
                    }
                    int overlayId = in.readInt();
                    yield new Network(id, tenant, name, blocks, overlayId,
                        format == 1 ? NetworkOptions.DEFAULTS : readOptions(in), version);
                }
                case SUBNET -> {
                    Subnet subnet = Subnet.of(new SubnetId(in.readUTF()), new TenantId(in.readUTF()),
                        new NetworkId(in.readUTF()), in.readUTF(), readPrefix(in), version);
                    yield format < 4 ? subnet : subnet.withRouting(readRouting(in));
                }
                case ROUTE_TABLE -> {
                    SubnetId subnet = new SubnetId(in.readUTF());
                    TenantId tenant = new TenantId(in.readUTF());
                    NetworkId network = new NetworkId(in.readUTF());
                    int count = count(in);
                    List<Route> routes = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        Ipv4Prefix destination = readPrefix(in);
                        RouteKind kind = RouteKind.values()[in.readUnsignedByte()];
                        int targets = count(in);
                        List<RouteTarget> list = new ArrayList<>(targets);
                        for (int j = 0; j < targets; j++) {
                            list.add(readTarget(in));
                        }
                        routes.add(new Route(destination, list, kind));
                    }
                    yield new RouteTable(RouteTableId.ofSubnet(subnet), tenant, network, subnet, routes, version);
                }
                case NODE -> {
                    NodeId id = new NodeId(in.readUTF());
                    TenantId tenant = new TenantId(in.readUTF());
                    NetworkId network = new NetworkId(in.readUTF());
                    String name = in.readUTF();
                    HostId host = new HostId(in.readUTF());
                    boolean check = in.readBoolean();
                    int count = count(in);
                    List<NetworkInterface> interfaces = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        interfaces.add(new NetworkInterface(new InterfaceId(in.readUTF()), new SubnetId(in.readUTF()),
                            in.readInt(), in.readLong()));
                    }
                    boolean healthy = format < 3 || in.readBoolean();
                    yield new Node(id, tenant, network, name, host, check, interfaces, healthy, version);
                }
                case PEERING_ROUTER -> new PeeringRouter(new PeeringRouterId(in.readUTF()), new TenantId(in.readUTF()),
                    in.readUTF(), readRestrictions(in), version);
                case PEERING_ATTACHMENT -> {
                    PeeringAttachmentId id = new PeeringAttachmentId(in.readUTF());
                    PeeringRouterId router = new PeeringRouterId(in.readUTF());
                    TenantId owner = new TenantId(in.readUTF());
                    NetworkId network = new NetworkId(in.readUTF());
                    TenantId tenant = new TenantId(in.readUTF());
                    TenantId requestedBy = new TenantId(in.readUTF());
                    PeeringAttachmentState state = PeeringAttachmentState.values()[in.readUnsignedByte()];
                    boolean tenantAccepted = in.readBoolean();
                    boolean ownerAccepted = in.readBoolean();
                    int count = count(in);
                    List<Ipv4Prefix> blocks = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        blocks.add(readPrefix(in));
                    }
                    AttachmentPolicy policy = readPolicy(in);
                    List<Translation> translations = readTranslations(in);
                    long duration = in.readLong();
                    Instant createdAt = readInstant(in);
                    Instant expiresAt = readNullableInstant(in);
                    Instant activatedAt = format < 6 ? null : readNullableInstant(in);
                    Instant detachedAt = format < 6 ? null : readNullableInstant(in);
                    yield new PeeringAttachment(id, router, owner, network, tenant, requestedBy, state, tenantAccepted,
                        ownerAccepted, blocks, policy, translations, duration, createdAt, expiresAt, version,
                        activatedAt, detachedAt);
                }
                case PEERING_LINK -> new PeeringLink(new PeeringLinkId(in.readUTF()),
                    new PeeringRouterId(in.readUTF()), new TenantId(in.readUTF()), new PeeringRouterId(in.readUTF()),
                    new TenantId(in.readUTF()), PeeringAttachmentState.values()[in.readUnsignedByte()], version);
                default -> throw new IllegalArgumentException("unknown stored record tag " + tag);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes after a stored record");
            }
            return decoded;
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed stored record: " + e, e);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1 << 16) {
            throw new IllegalArgumentException("implausible list length " + count);
        }
        return count;
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeNullableInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            writeInstant(out, instant);
        }
    }

    private static Instant readNullableInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }

    private static void writePrefix(DataOutputStream out, Ipv4Prefix prefix) throws IOException {
        out.writeInt(prefix.address());
        out.writeByte(prefix.length());
    }

    private static Ipv4Prefix readPrefix(DataInputStream in) throws IOException {
        return new Ipv4Prefix(in.readInt(), in.readUnsignedByte());
    }

    private static void writeTarget(DataOutputStream out, RouteTarget target) throws IOException {
        switch (target) {
            case RouteTarget.Local l -> out.writeByte(0);
            case RouteTarget.ApplianceInterface a -> {
                out.writeByte(1);
                out.writeUTF(a.nodeId().value());
                out.writeUTF(a.interfaceId().value());
            }
            case RouteTarget.Blackhole b -> out.writeByte(2);
            case RouteTarget.PeeringRouter p -> {
                out.writeByte(3);
                out.writeUTF(p.id().value());
            }
        }
    }

    private static RouteTarget readTarget(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        return switch (kind) {
            case 0 -> new RouteTarget.Local();
            case 1 -> new RouteTarget.ApplianceInterface(new NodeId(in.readUTF()), new InterfaceId(in.readUTF()));
            case 2 -> new RouteTarget.Blackhole();
            case 3 -> new RouteTarget.PeeringRouter(new PeeringRouterId(in.readUTF()));
            default -> throw new IllegalArgumentException("unknown route target kind " + kind);
        };
    }

    private static void writeOptions(DataOutputStream out, NetworkOptions options) throws IOException {
        out.writeInt(options.mtu());
        out.writeInt(options.dnsServers().size());
        for (int server : options.dnsServers()) {
            out.writeInt(server);
        }
        out.writeInt(options.dhcpLeaseSeconds());
        out.writeBoolean(options.snmpCommunity() != null);
        if (options.snmpCommunity() != null) {
            out.writeUTF(options.snmpCommunity());
        }
        out.writeBoolean(options.multicastAcrossSubnets());
    }

    private static void writeRouting(DataOutputStream out, SubnetRouting routing) throws IOException {
        out.writeInt(protocolBits(routing.protocols()));
        out.writeInt(routing.routerId());
        out.writeLong(routing.bgp().asn());
        out.writeInt(routing.bgp().holdTimeSeconds());
        SubnetRouting.Ospf ospf = routing.ospf();
        out.writeInt(ospf.area());
        out.writeInt(ospf.helloSeconds());
        out.writeInt(ospf.deadSeconds());
        out.writeInt(ospf.cost());
        out.writeByte(ospf.networkType().ordinal());
        SubnetRouting.Rip rip = routing.rip();
        out.writeByte(rip.authentication().ordinal());
        out.writeBoolean(rip.key() != null);
        if (rip.key() != null) {
            out.writeUTF(rip.key());
        }
        out.writeInt(rip.keyId());
        out.writeInt(routing.participants().size());
        for (RoutingParticipant p : routing.participants()) {
            out.writeUTF(p.node().value());
            out.writeInt(protocolBits(p.protocols()));
            out.writeLong(p.asn());
            out.writeInt(p.policy().allowed().size());
            for (PrefixRange range : p.policy().allowed()) {
                writePrefix(out, range.prefix());
                out.writeByte(range.minLength());
                out.writeByte(range.maxLength());
            }
            out.writeInt(p.policy().maxPrefixes());
            out.writeInt(p.policy().messagesPerSecond());
            out.writeInt(p.policy().burst());
        }
    }

    private static SubnetRouting readRouting(DataInputStream in) throws IOException {
        Set<RoutingProtocol> protocols = protocols(in.readInt());
        int routerId = in.readInt();
        SubnetRouting.Bgp bgp = new SubnetRouting.Bgp(in.readLong(), in.readInt());
        SubnetRouting.Ospf ospf = new SubnetRouting.Ospf(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
            SubnetRouting.OspfNetworkType.values()[in.readUnsignedByte()]);
        SubnetRouting.RipAuthentication authentication =
            SubnetRouting.RipAuthentication.values()[in.readUnsignedByte()];
        String key = in.readBoolean() ? in.readUTF() : null;
        SubnetRouting.Rip rip = new SubnetRouting.Rip(authentication, key, in.readInt());
        int count = count(in);
        List<RoutingParticipant> participants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            NodeId node = new NodeId(in.readUTF());
            Set<RoutingProtocol> spoken = protocols(in.readInt());
            long asn = in.readLong();
            int ranges = count(in);
            List<PrefixRange> allowed = new ArrayList<>(ranges);
            for (int j = 0; j < ranges; j++) {
                allowed.add(new PrefixRange(readPrefix(in), in.readUnsignedByte(), in.readUnsignedByte()));
            }
            participants.add(new RoutingParticipant(node, spoken, asn,
                new PeerPolicy(allowed, in.readInt(), in.readInt(), in.readInt())));
        }
        return new SubnetRouting(protocols, routerId, bgp, ospf, rip, participants);
    }

    private static int protocolBits(Set<RoutingProtocol> protocols) {
        int bits = 0;
        for (RoutingProtocol protocol : protocols) {
            bits |= 1 << protocol.ordinal();
        }
        return bits;
    }

    private static Set<RoutingProtocol> protocols(int bits) {
        Set<RoutingProtocol> protocols = EnumSet.noneOf(RoutingProtocol.class);
        for (RoutingProtocol protocol : RoutingProtocol.values()) {
            if ((bits & 1 << protocol.ordinal()) != 0) {
                protocols.add(protocol);
            }
        }
        return protocols;
    }

    private static void writeRestrictions(DataOutputStream out, PeeringRestrictions r) throws IOException {
        out.writeInt(r.tenants().size());
        for (TenantId tenant : r.tenants()) {
            out.writeUTF(tenant.value());
        }
        out.writeInt(r.networks().size());
        for (NetworkId network : r.networks()) {
            out.writeUTF(network.value());
        }
        out.writeInt(r.windows().size());
        for (AvailabilityWindow window : r.windows()) {
            switch (window) {
                case AvailabilityWindow.Weekly w -> {
                    out.writeByte(0);
                    int days = 0;
                    for (DayOfWeek day : w.days()) {
                        days |= 1 << (day.getValue() - 1);
                    }
                    out.writeInt(days);
                    out.writeInt(w.start().toSecondOfDay());
                    out.writeInt(w.end().toSecondOfDay());
                }
                case AvailabilityWindow.Absolute a -> {
                    out.writeByte(1);
                    writeInstant(out, a.from());
                    writeInstant(out, a.until());
                }
            }
        }
        out.writeLong(r.maxAttachmentSeconds());
        out.writeBoolean(r.preApproved());
    }

    private static PeeringRestrictions readRestrictions(DataInputStream in) throws IOException {
        int count = count(in);
        List<TenantId> tenants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tenants.add(new TenantId(in.readUTF()));
        }
        count = count(in);
        List<NetworkId> networks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            networks.add(new NetworkId(in.readUTF()));
        }
        count = count(in);
        List<AvailabilityWindow> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = in.readUnsignedByte();
            windows.add(switch (kind) {
                case 0 -> {
                    int bits = in.readInt();
                    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                    for (DayOfWeek day : DayOfWeek.values()) {
                        if ((bits & 1 << (day.getValue() - 1)) != 0) {
                            days.add(day);
                        }
                    }
                    yield new AvailabilityWindow.Weekly(days, LocalTime.ofSecondOfDay(in.readInt()),
                        LocalTime.ofSecondOfDay(in.readInt()));
                }
                case 1 -> new AvailabilityWindow.Absolute(readInstant(in), readInstant(in));
                default -> throw new IllegalArgumentException("unknown availability window kind " + kind);
            });
        }
        return new PeeringRestrictions(tenants, networks, windows, in.readLong(), in.readBoolean());
    }

    private static void writeRanges(DataOutputStream out, List<PrefixRange> ranges) throws IOException {
        out.writeInt(ranges.size());
        for (PrefixRange range : ranges) {
            writePrefix(out, range.prefix());
            out.writeByte(range.minLength());
            out.writeByte(range.maxLength());
        }
    }

    private static List<PrefixRange> readRanges(DataInputStream in) throws IOException {
        int count = count(in);
        List<PrefixRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranges.add(new PrefixRange(readPrefix(in), in.readUnsignedByte(), in.readUnsignedByte()));
        }
        return ranges;
    }

    private static void writeTranslations(DataOutputStream out, List<Translation> translations) throws IOException {
        out.writeInt(translations.size());
        for (Translation t : translations) {
            writePrefix(out, t.block());
            writePrefix(out, t.representative());
        }
    }

    private static List<Translation> readTranslations(DataInputStream in) throws IOException {
        int count = count(in);
        List<Translation> translations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            translations.add(new Translation(readPrefix(in), readPrefix(in)));
        }
        return translations;
    }

    private static void writePolicy(DataOutputStream out, AttachmentPolicy p) throws IOException {
        writeRanges(out, p.exports());
        writeRanges(out, p.imports());
        out.writeInt(p.rules().size());
        for (TrafficRule rule : p.rules()) {
            out.writeByte(rule.direction().ordinal());
            out.writeByte(rule.protocol().ordinal());
            out.writeInt(rule.fromPort());
            out.writeInt(rule.toPort());
            writePrefix(out, rule.destination());
        }
        out.writeBoolean(p.responsesOnly());
        out.writeInt(p.peers().size());
        for (PeeringAttachmentId peer : p.peers()) {
            out.writeUTF(peer.value());
        }
        out.writeByte(p.overlap().ordinal());
        writeTranslations(out, p.translations());
    }

    private static AttachmentPolicy readPolicy(DataInputStream in) throws IOException {
        List<PrefixRange> exports = readRanges(in);
        List<PrefixRange> imports = readRanges(in);
        int count = count(in);
        List<TrafficRule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rules.add(new TrafficRule(TrafficRule.Direction.values()[in.readUnsignedByte()],
                TrafficRule.Protocol.values()[in.readUnsignedByte()], in.readInt(), in.readInt(), readPrefix(in)));
        }
        boolean responsesOnly = in.readBoolean();
        count = count(in);
        List<PeeringAttachmentId> peers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            peers.add(new PeeringAttachmentId(in.readUTF()));
        }
        OverlapMode overlap = OverlapMode.values()[in.readUnsignedByte()];
        return new AttachmentPolicy(exports, imports, rules, responsesOnly, peers, overlap, readTranslations(in));
    }

    private static NetworkOptions readOptions(DataInputStream in) throws IOException {
        int mtu = in.readInt();
        int count = count(in);
        List<Integer> dns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            dns.add(in.readInt());
        }
        int lease = in.readInt();
        String community = in.readBoolean() ? in.readUTF() : null;
        return new NetworkOptions(mtu, dns, lease, community, in.readBoolean());
    }
}
