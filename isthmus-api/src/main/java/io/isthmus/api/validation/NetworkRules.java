package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.Collection;
import java.util.List;

/**
 * Rules for networks and their CIDR blocks. A block is any unicast IPv4 prefix from /8 to /28: private ranges
 * (RFC 1918, RFC 6598) as usual, but public ranges too (a tenant bringing its own addresses), since the overlay
 * never leaks them. Refused: {@code 0.0.0.0/8} (this network), {@code 127.0.0.0/8} (loopback),
 * {@code 169.254.0.0/16} (link-local, where clouds serve instance metadata), {@code 224.0.0.0/4} (multicast) and
 * {@code 240.0.0.0/4} (reserved, broadcast). A network's blocks must not overlap one another; networks of a tenant
 * may overlap each other (they are isolated; peering deals with overlap).
 */
public final class NetworkRules {
    /** The shortest block: /8. */
    public static final int MIN_BLOCK_LENGTH = 8;
    /** The longest block: /28, the smallest subnet. */
    public static final int MAX_BLOCK_LENGTH = 28;
    /** The smallest tenant MTU: the datagram every IPv4 host must accept (RFC 791, RFC 1122 section 3.3.2). */
    public static final int MIN_MTU = 576;
    /** The largest tenant MTU: jumbo frames. */
    public static final int MAX_MTU = 9000;
    /** The most DNS servers a network offers (resolvers use three; RFC 2132 section 3.8 allows more). */
    public static final int MAX_DNS_SERVERS = 4;
    /** The shortest DHCP lease: short enough to test renewal, long enough not to flood the agent. */
    public static final int MIN_DHCP_LEASE_SECONDS = 10;
    /** The longest SNMP community. */
    public static final int MAX_COMMUNITY_LENGTH = 32;
    /** Ranges no block may overlap. */
    public static final List<Ipv4Prefix> NON_UNICAST = List.of(Ipv4Prefix.parse("0.0.0.0/8"),
        Ipv4Prefix.parse("127.0.0.0/8"), Ipv4Prefix.parse("169.254.0.0/16"), Ipv4Prefix.parse("224.0.0.0/4"),
        Ipv4Prefix.parse("240.0.0.0/4"));

    private NetworkRules() {
    }

    /** A new network of a tenant whose existing networks are {@code tenantNetworks}. */
    public static void validateCreate(NetworkRequest request, Collection<Network> tenantNetworks, Limits limits) {
        checkRequest(request, limits);
        Violations violations = new Violations();
        Names.checkUnique(violations, "/name", request.name(),
            tenantNetworks.stream().map(Network::name).toList(), "another network of the tenant");
        violations.throwIfAny();
    }

    /**
     * A replacement of {@code current} (name and blocks): also refuses to remove a block in which one of its
     * {@code subnets} lies ({@link ProblemType#CIDR_BLOCK_IN_USE}).
     */
    public static void validateReplace(Network current, NetworkRequest request, Collection<Network> tenantNetworks,
                                       Collection<Subnet> subnets, Limits limits) {
        checkRequest(request, limits);
        Violations violations = new Violations();
        Names.checkUnique(violations, "/name", request.name(), tenantNetworks.stream()
            .filter(n -> !n.id().equals(current.id())).map(Network::name).toList(), "another network of the tenant");
        for (Ipv4Prefix removed : current.cidrBlocks()) {
            if (request.cidrBlocks().contains(removed)) {
                continue;
            }
            for (Subnet subnet : subnets) {
                if (removed.contains(subnet.cidr())) {
                    violations.add("/cidrBlocks", ProblemType.CIDR_BLOCK_IN_USE,
                        "block " + removed + " cannot be removed: subnet " + subnet.name() + " (" + subnet.cidr()
                            + ") lies in it");
                }
            }
        }
        violations.throwIfAny();
    }

    /** The network the controller creates for a validated request. */
    public static Network create(NetworkRequest request, NetworkId id, TenantId tenantId, int overlayId) {
        return new Network(id, tenantId, request.name(), request.cidrBlocks(), overlayId, optionsOf(request), 0);
    }

    /** The request's options, the defaults when it sets none. */
    public static NetworkOptions optionsOf(NetworkRequest request) {
        return request.options() == null ? NetworkOptions.DEFAULTS : request.options();
    }

    /** Adds to {@code violations} what is wrong with one block on its own. */
    static void checkBlock(Violations violations, String pointer, Ipv4Prefix block) {
        if (block == null) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "a CIDR block is required");
        } else if (block.length() < MIN_BLOCK_LENGTH) {
            violations.add(pointer, ProblemType.PREFIX_TOO_LARGE,
                block + " is too large: network blocks are /" + MIN_BLOCK_LENGTH + " to /" + MAX_BLOCK_LENGTH);
        } else if (block.length() > MAX_BLOCK_LENGTH) {
            violations.add(pointer, ProblemType.PREFIX_TOO_SMALL,
                block + " is too small: network blocks are /" + MIN_BLOCK_LENGTH + " to /" + MAX_BLOCK_LENGTH);
        } else {
            for (Ipv4Prefix reserved : NON_UNICAST) {
                if (reserved.overlaps(block)) {
                    violations.add(pointer, ProblemType.CIDR_NOT_UNICAST,
                        block + " overlaps " + reserved + ", which is not unicast address space");
                    break;
                }
            }
        }
    }

    private static void checkRequest(NetworkRequest request, Limits limits) {
        Violations violations = new Violations();
        Names.check(violations, "/name", request.name());
        List<Ipv4Prefix> blocks = request.cidrBlocks();
        if (blocks == null || blocks.isEmpty()) {
            violations.add("/cidrBlocks", ProblemType.INVALID_FIELD, "at least one CIDR block is required");
            violations.throwIfAny();
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            checkBlock(violations, "/cidrBlocks/" + i, blocks.get(i));
        }
        checkOptions(violations, optionsOf(request));
        violations.throwIfAny();
        if (blocks.size() > limits.cidrBlocksPerNetwork()) {
            violations.add("/cidrBlocks", ProblemType.LIMIT_EXCEEDED,
                "a network has at most " + limits.cidrBlocksPerNetwork() + " CIDR blocks, not " + blocks.size());
        }
        for (int i = 0; i < blocks.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (blocks.get(i).overlaps(blocks.get(j))) {
                    violations.add("/cidrBlocks/" + i, ProblemType.OVERLAPPING_NETWORK_CIDR,
                        blocks.get(i) + " overlaps " + blocks.get(j) + " (/cidrBlocks/" + j + ")");
                }
            }
        }
        violations.throwIfAny();
    }

    private static void checkOptions(Violations violations, NetworkOptions options) {
        if (options.mtu() < MIN_MTU || options.mtu() > MAX_MTU) {
            violations.add("/options/mtu", ProblemType.INVALID_FIELD,
                "an MTU of " + options.mtu() + " is outside " + MIN_MTU + ".." + MAX_MTU);
        }
        List<Integer> dns = options.dnsServers();
        if (dns.size() > MAX_DNS_SERVERS) {
            violations.add("/options/dnsServers", ProblemType.INVALID_FIELD,
                "at most " + MAX_DNS_SERVERS + " DNS servers, not " + dns.size());
        }
        for (int i = 0; i < dns.size(); i++) {
            int address = dns.get(i);
            if (NON_UNICAST.stream().anyMatch(range -> range.contains(address))) {
                violations.add("/options/dnsServers/" + i, ProblemType.INVALID_FIELD,
                    Ipv4Address.format(address) + " is not a unicast address");
            }
        }
        if (options.dhcpLeaseSeconds() < MIN_DHCP_LEASE_SECONDS) {
            violations.add("/options/dhcpLeaseSeconds", ProblemType.INVALID_FIELD,
                "a lease of " + options.dhcpLeaseSeconds() + " s is shorter than " + MIN_DHCP_LEASE_SECONDS + " s");
        }
        String community = options.snmpCommunity();
        if (community != null && (community.isEmpty() || community.length() > MAX_COMMUNITY_LENGTH
            || !community.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            violations.add("/options/snmpCommunity", ProblemType.INVALID_FIELD,
                "an SNMP community is 1 to " + MAX_COMMUNITY_LENGTH + " printable ASCII characters without spaces");
        }
    }
}
