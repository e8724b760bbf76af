package io.isthmus.api.validation;

import static io.isthmus.api.Fixtures.DB;
import static io.isthmus.api.Fixtures.NETWORK;
import static io.isthmus.api.Fixtures.WEB;
import static io.isthmus.api.Fixtures.assertRejected;
import static io.isthmus.api.Fixtures.node;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.api.Fixtures;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkAndSubnetRulesTest {

    private static NetworkRequest network(String... blocks) {
        return new NetworkRequest("prod", List.of(blocks).stream().map(Ipv4Prefix::parse).toList());
    }

    @Test
    void acceptsPrivateAndPublicBlocks() {
        assertThatCode(() -> NetworkRules.validateCreate(network("10.0.0.0/8", "192.168.0.0/16", "100.64.0.0/10",
            "203.0.113.0/24", "172.16.0.0/28"), List.of(), Limits.DEFAULT)).doesNotThrowAnyException();
        Network created = NetworkRules.create(network("10.0.0.0/16"), NetworkId.random(Fixtures.RANDOM),
            Fixtures.TENANT, 42);
        assertThat(created.overlayId()).isEqualTo(42);
        assertThat(created.version()).isZero();
    }

    @Test
    void blockShorterThanSlash8IsTooLarge() {
        assertRejected(() -> NetworkRules.validateCreate(network("10.0.0.0/16", "10.0.0.0/7"), List.of(),
            Limits.DEFAULT), ProblemType.PREFIX_TOO_LARGE, "/cidrBlocks/1");
    }

    @Test
    void blockLongerThanSlash28IsTooSmall() {
        assertRejected(() -> NetworkRules.validateCreate(network("10.0.0.0/29"), List.of(), Limits.DEFAULT),
            ProblemType.PREFIX_TOO_SMALL, "/cidrBlocks/0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/8", "127.0.0.0/16", "169.254.0.0/16", "224.0.0.0/8", "240.0.0.0/8",
        "255.255.255.0/24"})
    void nonUnicastBlockIsRejected(String block) {
        assertRejected(() -> NetworkRules.validateCreate(network(block), List.of(), Limits.DEFAULT),
            ProblemType.CIDR_NOT_UNICAST, "/cidrBlocks/0");
    }

    @Test
    void overlappingBlocksAreRejected() {
        assertRejected(() -> NetworkRules.validateCreate(network("10.0.0.0/16", "10.0.128.0/20"), List.of(),
            Limits.DEFAULT), ProblemType.OVERLAPPING_NETWORK_CIDR, "/cidrBlocks/1");
    }

    @Test
    void missingBlocksAreRejected() {
        assertRejected(() -> NetworkRules.validateCreate(new NetworkRequest("prod", List.of()), List.of(),
            Limits.DEFAULT), ProblemType.INVALID_FIELD, "/cidrBlocks");
    }

    private static NetworkRequest withOptions(NetworkOptions options) {
        return new NetworkRequest("prod", List.of(prefix("10.0.0.0/16")), options);
    }

    @Test
    void optionsDefaultWhenUnsetAndAreKeptWhenValid() {
        NetworkId id = NetworkId.random(Fixtures.RANDOM);
        assertThat(NetworkRules.create(new NetworkRequest("prod", List.of(prefix("10.0.0.0/16")), null), id,
            Fixtures.TENANT, 1).options()).isEqualTo(NetworkOptions.DEFAULTS);
        NetworkOptions edge = new NetworkOptions(NetworkRules.MIN_MTU, List.of(0x0a000002, 0x08080808, 0x01010101, 0xc0000201),
            NetworkRules.MIN_DHCP_LEASE_SECONDS, "c".repeat(NetworkRules.MAX_COMMUNITY_LENGTH), true);
        assertThatCode(() -> NetworkRules.validateCreate(withOptions(edge), List.of(), Limits.DEFAULT))
            .doesNotThrowAnyException();
        assertThat(NetworkRules.create(withOptions(edge), id, Fixtures.TENANT, 1).options()).isEqualTo(edge);
        assertThatCode(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(NetworkRules.MAX_MTU,
            List.of(), Integer.MAX_VALUE, null, false)), List.of(), Limits.DEFAULT)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {575, 9001, 0, -1})
    void anMtuOutsideItsRangeIsRejected(int mtu) {
        assertRejected(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(mtu, List.of(), 3600, null,
            false)), List.of(), Limits.DEFAULT), ProblemType.INVALID_FIELD, "/options/mtu");
    }

    @Test
    void tooManyOrNonUnicastDnsServersAreRejected() {
        assertRejected(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(1480,
            List.of(1, 2, 3, 4, 5), 3600, null, false)), List.of(), Limits.DEFAULT), ProblemType.INVALID_FIELD,
            "/options/dnsServers");
        assertRejected(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(1480,
            List.of(0x0a000002, 0xe0000001), 3600, null, false)), List.of(), Limits.DEFAULT),
            ProblemType.INVALID_FIELD, "/options/dnsServers/1");
    }

    @Test
    void aTooShortLeaseIsRejected() {
        assertRejected(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(1480, List.of(), 9, null,
            false)), List.of(), Limits.DEFAULT), ProblemType.INVALID_FIELD, "/options/dhcpLeaseSeconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\t", "\u00e9t\u00e9", "123456789012345678901234567890123"})
    void aMalformedCommunityIsRejected(String community) {
        assertRejected(() -> NetworkRules.validateCreate(withOptions(new NetworkOptions(1480, List.of(), 3600,
            community, false)), List.of(), Limits.DEFAULT), ProblemType.INVALID_FIELD, "/options/snmpCommunity");
    }

    @Test
    void tooManyBlocksAreRejected() {
        assertRejected(() -> NetworkRules.validateCreate(network("10.0.0.0/16", "10.1.0.0/16"), List.of(),
            new Limits(1, 200, 8, 100, 8)), ProblemType.LIMIT_EXCEEDED, "/cidrBlocks");
    }

    @Test
    void everyBadFieldOfAStageIsReported() {
        ValidationException e = assertRejected(() -> NetworkRules.validateCreate(
            new NetworkRequest("Bad_Name", List.of(prefix("10.0.0.0/30"), prefix("127.0.0.0/8"))), List.of(),
            Limits.DEFAULT), ProblemType.INVALID_FIELD, "/name");
        assertThat(e.errors()).extracting(err -> err.type()).containsExactly(ProblemType.INVALID_FIELD,
            ProblemType.PREFIX_TOO_SMALL, ProblemType.CIDR_NOT_UNICAST);
    }

    @Test
    void networkNameInUseIsRejected() {
        assertRejected(() -> NetworkRules.validateCreate(network("10.0.0.0/16"), List.of(NETWORK), Limits.DEFAULT),
            ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void replaceMayAddBlocksAndKeepItsName() {
        assertThatCode(() -> NetworkRules.validateReplace(NETWORK,
            network("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"), List.of(NETWORK), List.of(WEB, DB),
            Limits.DEFAULT)).doesNotThrowAnyException();
        assertThatCode(() -> NetworkRules.validateReplace(NETWORK, network("10.0.0.0/16"), List.of(NETWORK),
            List.of(WEB, DB), Limits.DEFAULT)).doesNotThrowAnyException();
    }

    @Test
    void removingABlockWithSubnetsIsRejected() {
        assertRejected(() -> NetworkRules.validateReplace(NETWORK, network("10.1.0.0/16"), List.of(NETWORK),
            List.of(WEB), Limits.DEFAULT), ProblemType.CIDR_BLOCK_IN_USE, "/cidrBlocks");
    }

    // Subnets

    private static SubnetRequest subnet(String name, String cidr) {
        return new SubnetRequest(name, prefix(cidr));
    }

    @Test
    void subnetInAnyBlockIsAccepted() {
        assertThatCode(() -> SubnetRules.validateCreate(subnet("app", "10.1.0.0/16"), NETWORK, List.of(WEB, DB),
            Limits.DEFAULT)).doesNotThrowAnyException();
        assertThatCode(() -> SubnetRules.validateCreate(subnet("tiny", "10.0.3.16/28"), NETWORK, List.of(WEB, DB),
            Limits.DEFAULT)).doesNotThrowAnyException();
        Subnet created = SubnetRules.create(subnet("app", "10.1.0.0/16"), SubnetId.random(Fixtures.RANDOM), NETWORK);
        assertThat(created.gateway()).isEqualTo(Fixtures.ip("10.1.0.1"));
        assertThat(created.tenantId()).isEqualTo(Fixtures.TENANT);
    }

    @Test
    void subnetShorterThanSlash16IsTooLarge() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("big", "10.0.0.0/15"), NETWORK, List.of(),
            Limits.DEFAULT), ProblemType.PREFIX_TOO_LARGE, "/cidr");
    }

    @Test
    void subnetLongerThanSlash28IsTooSmall() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("small", "10.0.3.0/29"), NETWORK, List.of(),
            Limits.DEFAULT), ProblemType.PREFIX_TOO_SMALL, "/cidr");
    }

    @Test
    void subnetOutsideTheBlocksIsRejected() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("out", "10.2.0.0/24"), NETWORK, List.of(),
            Limits.DEFAULT), ProblemType.CIDR_OUTSIDE_NETWORK, "/cidr");
    }

    @Test
    void subnetOverlappingASiblingIsRejected() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("app", "10.0.0.0/23"), NETWORK, List.of(WEB, DB),
            Limits.DEFAULT), ProblemType.OVERLAPPING_SUBNET, "/cidr");
    }

    @Test
    void subnetNameInUseIsRejected() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("web", "10.0.9.0/24"), NETWORK, List.of(WEB, DB),
            Limits.DEFAULT), ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void subnetLimitIsEnforced() {
        assertRejected(() -> SubnetRules.validateCreate(subnet("app", "10.0.9.0/24"), NETWORK, List.of(WEB, DB),
            new Limits(5, 2, 8, 100, 8)), ProblemType.LIMIT_EXCEEDED, "");
    }

    @Test
    void subnetWithoutCidrIsRejected() {
        assertRejected(() -> SubnetRules.validateCreate(new SubnetRequest("app", null), NETWORK, List.of(),
            Limits.DEFAULT), ProblemType.INVALID_FIELD, "/cidr");
    }

    @Test
    void subnetRenameToASiblingsNameIsRejected() {
        assertThatCode(() -> SubnetRules.validateUpdate(WEB, new SubnetUpdate("web"), List.of(WEB, DB)))
            .doesNotThrowAnyException();
        assertRejected(() -> SubnetRules.validateUpdate(WEB, new SubnetUpdate("db"), List.of(WEB, DB)),
            ProblemType.NAME_IN_USE, "/name");
    }

    @Test
    void deletingASubnetWithInterfacesIsRejected() {
        assertThatCode(() -> SubnetRules.validateDelete(DB, List.of(node("a", true, WEB, "10.0.1.4"))))
            .doesNotThrowAnyException();
        assertRejected(() -> SubnetRules.validateDelete(WEB, List.of(node("a", true, WEB, "10.0.1.4"))),
            ProblemType.SUBNET_HAS_INTERFACES, "");
    }
}
