package io.isthmus.api.allocation;

import static io.isthmus.api.Fixtures.assertRejected;
import static io.isthmus.api.Fixtures.ip;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    private static final Ipv4Prefix SUBNET = prefix("10.0.1.0/24");

    @Test
    void reservedAddressesAreTheCloudFive() {
        assertThat(SubnetAddresses.reserved(SUBNET))
            .containsExactly(ip("10.0.1.0"), ip("10.0.1.1"), ip("10.0.1.2"), ip("10.0.1.3"), ip("10.0.1.255"));
        assertThat(SubnetAddresses.gateway(SUBNET)).isEqualTo(ip("10.0.1.1"));
        assertThat(SubnetAddresses.dns(SUBNET)).isEqualTo(ip("10.0.1.2"));
        assertThat(SubnetAddresses.isReserved(SUBNET, ip("10.0.1.4"))).isFalse();
        assertThat(SubnetAddresses.isReserved(SUBNET, ip("10.0.2.0"))).isFalse();
        assertThat(SubnetAddresses.usableCount(SUBNET)).isEqualTo(251);
        assertThat(SubnetAddresses.usableCount(prefix("10.0.0.0/28"))).isEqualTo(11);
        assertThat(SubnetAddresses.usableCount(prefix("10.0.0.0/16"))).isEqualTo(65_531);
    }

    @Test
    void allocatesTheLowestFreeAddress() {
        AddressPool pool = AddressPool.of(SUBNET, List.of(ip("10.0.1.4"), ip("10.0.1.6"), ip("192.168.0.1")));

        assertThat(pool.allocate("/a")).isEqualTo(ip("10.0.1.5"));
        assertThat(pool.allocate("/a")).isEqualTo(ip("10.0.1.7"));
        pool.free(ip("10.0.1.4"));
        assertThat(pool.allocate("/a")).isEqualTo(ip("10.0.1.4"));
    }

    @Test
    void fullSubnetIsRejected() {
        AddressPool pool = new AddressPool(prefix("10.0.0.0/28"));
        for (int i = 0; i < 11; i++) {
            pool.allocate("/address");
        }
        assertThat(pool.freeCount()).isZero();

        assertRejected(() -> pool.allocate("/address"), ProblemType.SUBNET_FULL, "/address");
    }

    @Test
    void claimOutsideSubnetIsRejected() {
        assertRejected(() -> new AddressPool(SUBNET).claim("/address", ip("10.0.2.4")),
            ProblemType.ADDRESS_OUTSIDE_SUBNET, "/address");
    }

    @Test
    void claimOfEveryReservedAddressIsRejected() {
        for (int reserved : SubnetAddresses.reserved(SUBNET)) {
            assertRejected(() -> new AddressPool(SUBNET).claim("/address", reserved), ProblemType.ADDRESS_RESERVED,
                "/address");
        }
    }

    @Test
    void claimOfAnAddressInUseIsRejected() {
        AddressPool pool = AddressPool.of(SUBNET, List.of(ip("10.0.1.9")));

        assertRejected(() -> pool.claim("/address", ip("10.0.1.9")), ProblemType.ADDRESS_IN_USE, "/address");
    }

    @Test
    void claimedAddressIsNotAllocated() {
        AddressPool pool = new AddressPool(SUBNET);
        pool.claim("/a", ip("10.0.1.4"));

        assertThat(pool.isFree(ip("10.0.1.4"))).isFalse();
        assertThat(pool.allocate("/a")).isEqualTo(ip("10.0.1.5"));
    }

    @Test
    void freeingAReservedAddressIsAProgrammingError() {
        assertThatThrownBy(() -> new AddressPool(SUBNET).free(ip("10.0.1.1")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poolsOnlyForSubnetSizes() {
        assertThatThrownBy(() -> new AddressPool(prefix("10.0.0.0/15"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPool(prefix("10.0.0.0/30"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slash16AllocatesAcrossTheWholeSubnet() {
        AddressPool pool = new AddressPool(prefix("10.0.0.0/16"));
        int last = 0;
        for (int i = 0; i < 65_531; i++) {
            last = pool.allocate("/a");
        }
        assertThat(last).isEqualTo(ip("10.0.255.254"));
        assertThat(pool.freeCount()).isZero();
    }
}
