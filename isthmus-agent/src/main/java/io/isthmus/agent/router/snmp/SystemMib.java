package io.isthmus.agent.router.snmp;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The MIB view of a router: the system group (RFC 3418 section 2, {@code system} 1.3.6.1.2.1.1), the interfaces
 * group (RFC 2863 section 6: ifNumber and ifTable, 1.3.6.1.2.1.2), part of ifXTable (RFC 2863, 1.3.6.1.2.1.31.1.1)
 * and the SNMP group (RFC 3418, {@code snmp} 1.3.6.1.2.1.11), as a {@link MibTree}.
 *
 * <p>ifTable has every column of RFC 2863's ifEntry but the four it deprecates (ifInNUcastPkts, ifOutNUcastPkts,
 * ifOutQLen, ifSpecific); ifXTable has ifName, the 64-bit octet and unicast packet counters, ifHighSpeed,
 * ifPromiscuousMode, ifConnectorPresent, ifAlias and ifCounterDiscontinuityTime.
 */
public final class SystemMib {
    /** {@code mib-2}. */
    public static final Oid MIB_2 = Oid.parse("1.3.6.1.2.1");
    /** {@code system}. */
    public static final Oid SYSTEM = MIB_2.append(1);
    /** sysDescr. */
    public static final Oid SYS_DESCR = SYSTEM.append(1);
    /** sysObjectID. */
    public static final Oid SYS_OBJECT_ID = SYSTEM.append(2);
    /** sysUpTime. */
    public static final Oid SYS_UP_TIME = SYSTEM.append(3);
    /** sysContact. */
    public static final Oid SYS_CONTACT = SYSTEM.append(4);
    /** sysName. */
    public static final Oid SYS_NAME = SYSTEM.append(5);
    /** sysLocation. */
    public static final Oid SYS_LOCATION = SYSTEM.append(6);
    /** sysServices. */
    public static final Oid SYS_SERVICES = SYSTEM.append(7);
    /** sysORLastChange. */
    public static final Oid SYS_OR_LAST_CHANGE = SYSTEM.append(8);
    /** {@code interfaces}. */
    public static final Oid INTERFACES = MIB_2.append(2);
    /** ifNumber. */
    public static final Oid IF_NUMBER = INTERFACES.append(1);
    /** ifEntry: ifTable's columns are {@code IF_ENTRY.n}. */
    public static final Oid IF_ENTRY = INTERFACES.append(2, 1);
    /** ifXEntry: ifXTable's columns are {@code IF_X_ENTRY.n}. */
    public static final Oid IF_X_ENTRY = MIB_2.append(31, 1, 1, 1);
    /** {@code snmp}. */
    public static final Oid SNMP = MIB_2.append(11);

    /**
     * The sysObjectID of an Isthmus virtual router: {@code 1.3.6.1.4.1.32473.1.1}. A placeholder: 32473 is the
     * enterprise number RFC 5612 reserves for documentation; it must become Isthmus's own enterprise number once
     * IANA assigns one.
     */
    public static final Oid ISTHMUS_VIRTUAL_ROUTER = Oid.parse("1.3.6.1.4.1.32473.1.1");

    /** sysServices of a router: layer 3 only, 2^(3-1) (RFC 3418, sysServices). */
    public static final int SERVICES_ROUTER = 4;

    /** ifType {@code ethernetCsmacd} (IANAifType-MIB). */
    public static final int IF_TYPE_ETHERNET = 6;
    /** ifType {@code propVirtual} (IANAifType-MIB): a proprietary virtual or internal interface. */
    public static final int IF_TYPE_VIRTUAL = 53;

    private static final int STATUS_UP = 1;
    private static final int STATUS_DOWN = 2;
    private static final int TRUTH_FALSE = 2;

    /** The system group's values (RFC 3418 section 2). */
    public record SystemInfo(String description, Oid objectId, String contact, String name, String location,
                             int services) {
    }

    /**
     * One row of ifTable. {@code type} is an IANAifType; {@code physicalAddress} a MAC in its low 48 bits, or -1 for
     * an interface without one (ifPhysAddress is then empty); {@code speed} in bits per second (ifSpeed shows at most
     * 2^32-1, ifHighSpeed the speed in Mb/s, RFC 2863 section 3.1.7); {@code lastChange} in sysUpTime hundredths.
     */
    public record Interface(int index, String description, String name, int type, int mtu, long speed,
                            long physicalAddress, boolean up, long lastChange, InterfaceCounter.Source counters) {
        public Interface {
            if (index < 1) {
                throw new IllegalArgumentException("ifIndex starts at 1, not " + index);
            }
        }
    }

    private SystemMib() {
    }

    /**
     * The view of a router described by {@code system}, with sysUpTime from {@code upTime} (hundredths of a second),
     * the rows {@code interfaces} (distinct indexes) and the counters of {@code statistics}.
     */
    public static MibTree build(SystemInfo system, LongSupplier upTime, List<Interface> interfaces,
                                SnmpStatistics statistics) {
        MibTree.Builder mib = MibTree.builder();
        systemGroup(mib, system, upTime);
        mib.scalar(IF_NUMBER, new SnmpValue.Integer32(interfaces.size()));
        for (Interface row : interfaces) {
            ifEntry(mib, row);
            ifXEntry(mib, row);
        }
        snmpGroup(mib, statistics);
        return mib.build();
    }

    private static void systemGroup(MibTree.Builder mib, SystemInfo system, LongSupplier upTime) {
        mib.scalar(SYS_DESCR, SnmpValue.OctetString.of(system.description()));
        mib.scalar(SYS_OBJECT_ID, new SnmpValue.ObjectId(system.objectId()));
        mib.scalar(SYS_UP_TIME, () -> new SnmpValue.TimeTicks(upTime.getAsLong() & 0xffff_ffffL));
        mib.scalar(SYS_CONTACT, SnmpValue.OctetString.of(system.contact()));
        mib.scalar(SYS_NAME, SnmpValue.OctetString.of(system.name()));
        mib.scalar(SYS_LOCATION, SnmpValue.OctetString.of(system.location()));
        mib.scalar(SYS_SERVICES, new SnmpValue.Integer32(system.services()));
        // No sysORTable entries: the router implements no capabilities it would advertise there.
        mib.scalar(SYS_OR_LAST_CHANGE, new SnmpValue.TimeTicks(0));
    }

    private static void ifEntry(MibTree.Builder mib, Interface row) {
        int i = row.index();
        InterfaceCounter.Source counters = row.counters();
        constant(mib, IF_ENTRY.append(1), i, new SnmpValue.Integer32(i));
        constant(mib, IF_ENTRY.append(2), i, SnmpValue.OctetString.of(row.description()));
        constant(mib, IF_ENTRY.append(3), i, new SnmpValue.Integer32(row.type()));
        constant(mib, IF_ENTRY.append(4), i, new SnmpValue.Integer32(row.mtu()));
        constant(mib, IF_ENTRY.append(5), i, new SnmpValue.Gauge32(Math.min(row.speed(), 0xffff_ffffL)));
        constant(mib, IF_ENTRY.append(6), i, new SnmpValue.OctetString(row.physicalAddress() < 0 ? new byte[0]
            : mac(row.physicalAddress())));
        constant(mib, IF_ENTRY.append(7), i, new SnmpValue.Integer32(row.up() ? STATUS_UP : STATUS_DOWN));
        constant(mib, IF_ENTRY.append(8), i, new SnmpValue.Integer32(row.up() ? STATUS_UP : STATUS_DOWN));
        constant(mib, IF_ENTRY.append(9), i, new SnmpValue.TimeTicks(row.lastChange() & 0xffff_ffffL));
        counter32(mib, IF_ENTRY.append(10), i, counters, InterfaceCounter.IN_OCTETS);
        counter32(mib, IF_ENTRY.append(11), i, counters, InterfaceCounter.IN_UNICAST_PACKETS);
        counter32(mib, IF_ENTRY.append(13), i, counters, InterfaceCounter.IN_DISCARDS);
        counter32(mib, IF_ENTRY.append(14), i, counters, InterfaceCounter.IN_ERRORS);
        counter32(mib, IF_ENTRY.append(15), i, counters, InterfaceCounter.IN_UNKNOWN_PROTOCOLS);
        counter32(mib, IF_ENTRY.append(16), i, counters, InterfaceCounter.OUT_OCTETS);
        counter32(mib, IF_ENTRY.append(17), i, counters, InterfaceCounter.OUT_UNICAST_PACKETS);
        counter32(mib, IF_ENTRY.append(19), i, counters, InterfaceCounter.OUT_DISCARDS);
        counter32(mib, IF_ENTRY.append(20), i, counters, InterfaceCounter.OUT_ERRORS);
    }

    private static void ifXEntry(MibTree.Builder mib, Interface row) {
        int i = row.index();
        InterfaceCounter.Source counters = row.counters();
        constant(mib, IF_X_ENTRY.append(1), i, SnmpValue.OctetString.of(row.name()));
        counter64(mib, IF_X_ENTRY.append(6), i, counters, InterfaceCounter.IN_OCTETS);
        counter64(mib, IF_X_ENTRY.append(7), i, counters, InterfaceCounter.IN_UNICAST_PACKETS);
        counter64(mib, IF_X_ENTRY.append(10), i, counters, InterfaceCounter.OUT_OCTETS);
        counter64(mib, IF_X_ENTRY.append(11), i, counters, InterfaceCounter.OUT_UNICAST_PACKETS);
        constant(mib, IF_X_ENTRY.append(15), i, new SnmpValue.Gauge32(Math.min(row.speed() / 1_000_000,
            0xffff_ffffL)));
        constant(mib, IF_X_ENTRY.append(16), i, new SnmpValue.Integer32(TRUTH_FALSE));
        // A virtual interface has no connector (RFC 2863: false when there is no physical connector).
        constant(mib, IF_X_ENTRY.append(17), i, new SnmpValue.Integer32(TRUTH_FALSE));
        constant(mib, IF_X_ENTRY.append(18), i, SnmpValue.OctetString.of(""));
        // The counters have run since the router started (sysUpTime 0): no discontinuity.
        constant(mib, IF_X_ENTRY.append(19), i, new SnmpValue.TimeTicks(0));
    }

    /** The snmp group of RFC 3418 (the objects RFC 1213 added and RFC 3418 made obsolete are left out). */
    private static void snmpGroup(MibTree.Builder mib, SnmpStatistics statistics) {
        mib.scalar(SNMP.append(1), () -> SnmpValue.Counter32.wrapping(statistics.inPackets()));
        mib.scalar(SNMP.append(3), () -> SnmpValue.Counter32.wrapping(statistics.inBadVersions()));
        mib.scalar(SNMP.append(4), () -> SnmpValue.Counter32.wrapping(statistics.inBadCommunityNames()));
        mib.scalar(SNMP.append(5), () -> SnmpValue.Counter32.wrapping(statistics.inBadCommunityUses()));
        mib.scalar(SNMP.append(6), () -> SnmpValue.Counter32.wrapping(statistics.inAsnParseErrors()));
        // snmpEnableAuthenTraps: disabled (2); the router sends no notifications.
        mib.scalar(SNMP.append(30), new SnmpValue.Integer32(2));
        mib.scalar(SNMP.append(31), () -> SnmpValue.Counter32.wrapping(statistics.silentDrops()));
        // snmpProxyDrops: the router is no proxy.
        mib.scalar(SNMP.append(32), new SnmpValue.Counter32(0));
    }

    private static void constant(MibTree.Builder mib, Oid column, int index, SnmpValue value) {
        mib.cell(column, index, () -> value);
    }

    private static void counter32(MibTree.Builder mib, Oid column, int index, InterfaceCounter.Source counters,
                                  InterfaceCounter counter) {
        mib.cell(column, index, () -> SnmpValue.Counter32.wrapping(counters.read(counter)));
    }

    private static void counter64(MibTree.Builder mib, Oid column, int index, InterfaceCounter.Source counters,
                                  InterfaceCounter counter) {
        mib.cell(column, index, () -> new SnmpValue.Counter64(counters.read(counter)));
    }

    private static byte[] mac(long mac) {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return out;
    }
}
