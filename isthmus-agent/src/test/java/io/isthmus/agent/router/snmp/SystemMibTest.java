package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemMibTest {
    static final SystemMib.SystemInfo SYSTEM = new SystemMib.SystemInfo("Isthmus virtual router",
        SystemMib.ISTHMUS_VIRTUAL_ROUTER, "ops@example.net", "gw-10-0-0-1", "host-a", SystemMib.SERVICES_ROUTER);

    final Map<InterfaceCounter, Long> counters = new EnumMap<>(InterfaceCounter.class);
    long upTime = 1234;
    final SnmpStatistics statistics = new SnmpStatistics();
    final MibTree mib = SystemMib.build(SYSTEM, () -> upTime, List.of(
        new SystemMib.Interface(1, "subnet web 10.0.0.0/24", "web", SystemMib.IF_TYPE_ETHERNET, 1480,
            10_000_000_000L, 0x02_00_0a_00_00_01L, true, 0, counter -> counters.getOrDefault(counter, 0L)),
        new SystemMib.Interface(2, "uplink", "uplink", SystemMib.IF_TYPE_VIRTUAL, 1400, 10_000_000_000L, -1, true,
            250, InterfaceCounter.Source.ZERO)), statistics);

    private SnmpValue get(String oid) {
        return mib.get(Oid.parse(oid));
    }

    @Test
    void answersTheSystemGroup() {
        assertThat(get("1.3.6.1.2.1.1.1.0")).isEqualTo(SnmpValue.OctetString.of("Isthmus virtual router"));
        assertThat(get("1.3.6.1.2.1.1.2.0")).isEqualTo(new SnmpValue.ObjectId(Oid.parse("1.3.6.1.4.1.32473.1.1")));
        assertThat(get("1.3.6.1.2.1.1.3.0")).isEqualTo(new SnmpValue.TimeTicks(1234));
        upTime = (1L << 32) + 5;
        assertThat(get("1.3.6.1.2.1.1.3.0")).as("sysUpTime wraps").isEqualTo(new SnmpValue.TimeTicks(5));
        assertThat(get("1.3.6.1.2.1.1.4.0")).isEqualTo(SnmpValue.OctetString.of("ops@example.net"));
        assertThat(get("1.3.6.1.2.1.1.5.0")).isEqualTo(SnmpValue.OctetString.of("gw-10-0-0-1"));
        assertThat(get("1.3.6.1.2.1.1.6.0")).isEqualTo(SnmpValue.OctetString.of("host-a"));
        assertThat(get("1.3.6.1.2.1.1.7.0")).isEqualTo(new SnmpValue.Integer32(4));
        assertThat(get("1.3.6.1.2.1.2.1.0")).isEqualTo(new SnmpValue.Integer32(2));
    }

    @Test
    void answersIfTableRows() {
        assertThat(get("1.3.6.1.2.1.2.2.1.1.2")).isEqualTo(new SnmpValue.Integer32(2));
        assertThat(get("1.3.6.1.2.1.2.2.1.2.1")).isEqualTo(SnmpValue.OctetString.of("subnet web 10.0.0.0/24"));
        assertThat(get("1.3.6.1.2.1.2.2.1.3.1")).isEqualTo(new SnmpValue.Integer32(6));
        assertThat(get("1.3.6.1.2.1.2.2.1.3.2")).isEqualTo(new SnmpValue.Integer32(53));
        assertThat(get("1.3.6.1.2.1.2.2.1.6.2")).as("no physical address")
            .isEqualTo(new SnmpValue.OctetString(new byte[0]));
        assertThat(get("1.3.6.1.2.1.2.2.1.4.2")).isEqualTo(new SnmpValue.Integer32(1400));
        assertThat(get("1.3.6.1.2.1.2.2.1.5.1")).as("10 Gb/s is beyond Gauge32")
            .isEqualTo(new SnmpValue.Gauge32(0xffff_ffffL));
        assertThat(get("1.3.6.1.31.1.1.1.15.1")).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
        assertThat(get("1.3.6.1.2.1.31.1.1.1.15.1")).isEqualTo(new SnmpValue.Gauge32(10_000));
        assertThat(get("1.3.6.1.2.1.2.2.1.6.1"))
            .isEqualTo(new SnmpValue.OctetString(new byte[] {2, 0, 10, 0, 0, 1}));
        assertThat(get("1.3.6.1.2.1.2.2.1.7.1")).isEqualTo(new SnmpValue.Integer32(1));
        assertThat(get("1.3.6.1.2.1.2.2.1.8.1")).isEqualTo(new SnmpValue.Integer32(1));
        assertThat(get("1.3.6.1.2.1.2.2.1.9.2")).isEqualTo(new SnmpValue.TimeTicks(250));
        assertThat(get("1.3.6.1.2.1.31.1.1.1.1.2")).isEqualTo(SnmpValue.OctetString.of("uplink"));
        assertThat(get("1.3.6.1.2.1.2.2.1.2.3")).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        assertThat(get("1.3.6.1.2.1.2.2.1.12.1")).as("deprecated ifInNUcastPkts")
            .isEqualTo(SnmpValue.NO_SUCH_OBJECT);
    }

    @Test
    void readsCountersLiveAndWrapsThe32BitOnes() {
        assertThat(get("1.3.6.1.2.1.2.2.1.10.1")).isEqualTo(new SnmpValue.Counter32(0));
        counters.put(InterfaceCounter.IN_OCTETS, (1L << 32) + 100);
        counters.put(InterfaceCounter.OUT_UNICAST_PACKETS, 9L);
        counters.put(InterfaceCounter.IN_UNKNOWN_PROTOCOLS, 3L);
        assertThat(get("1.3.6.1.2.1.2.2.1.10.1")).isEqualTo(new SnmpValue.Counter32(100));
        assertThat(get("1.3.6.1.2.1.31.1.1.1.6.1")).isEqualTo(new SnmpValue.Counter64((1L << 32) + 100));
        assertThat(get("1.3.6.1.2.1.2.2.1.17.1")).isEqualTo(new SnmpValue.Counter32(9));
        assertThat(get("1.3.6.1.2.1.31.1.1.1.11.1")).isEqualTo(new SnmpValue.Counter64(9));
        assertThat(get("1.3.6.1.2.1.2.2.1.15.1")).isEqualTo(new SnmpValue.Counter32(3));
    }

    @Test
    void walksTheTableColumnByColumn() {
        List<String> names = new ArrayList<>();
        Oid at = SystemMib.IF_ENTRY;
        while (true) {
            VarBind next = mib.next(at);
            if (!next.name().startsWith(SystemMib.IF_ENTRY)) {
                break;
            }
            names.add(next.name().toString().substring("1.3.6.1.2.1.2.2.1.".length()));
            at = next.name();
        }
        assertThat(names).containsExactly("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2",
            "6.1", "6.2", "7.1", "7.2", "8.1", "8.2", "9.1", "9.2", "10.1", "10.2", "11.1", "11.2", "13.1", "13.2",
            "14.1", "14.2", "15.1", "15.2", "16.1", "16.2", "17.1", "17.2", "19.1", "19.2", "20.1", "20.2");
    }

    @Test
    void answersTheSnmpGroup() {
        SnmpResponder responder = new SnmpResponder(statistics);
        byte[] bad = {0x30, 0x00};
        responder.answer(java.lang.foreign.MemorySegment.ofArray(bad), 0, 2, new byte[0], mib, 1472);
        assertThat(get("1.3.6.1.2.1.11.1.0")).isEqualTo(new SnmpValue.Counter32(1));
        assertThat(get("1.3.6.1.2.1.11.6.0")).isEqualTo(new SnmpValue.Counter32(1));
        assertThat(get("1.3.6.1.2.1.11.4.0")).isEqualTo(new SnmpValue.Counter32(0));
        assertThat(get("1.3.6.1.2.1.11.30.0")).isEqualTo(new SnmpValue.Integer32(2));
        assertThat(get("1.3.6.1.2.1.11.2.0")).as("snmpOutPkts is obsolete").isEqualTo(SnmpValue.NO_SUCH_OBJECT);
    }
}
