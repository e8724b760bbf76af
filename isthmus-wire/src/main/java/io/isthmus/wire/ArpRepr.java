package io.isthmus.wire;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826) as values. The hardware and protocol types and lengths are implied
 * ({@link ArpPacket} rejects any other); the operation is kept as a raw value.
 *
 * @param operation             {@link ArpPacket#REQUEST}, {@link ArpPacket#REPLY} or another 16-bit code
 * @param senderHardwareAddress the sender's MAC address (48 bits)
 * @param senderProtocolAddress the sender's IPv4 address
 * @param targetHardwareAddress the target's MAC address (48 bits; zero in a request)
 * @param targetProtocolAddress the target's IPv4 address
 */
public record ArpRepr(int operation, long senderHardwareAddress, int senderProtocolAddress,
                      long targetHardwareAddress, int targetProtocolAddress) {

    /** Throws {@link IllegalArgumentException} when the operation exceeds 16 bits or a MAC exceeds 48 bits. */
    public ArpRepr {
        if (operation < 0 || operation > 0xffff) {
            throw new IllegalArgumentException("ARP operation out of range: " + operation);
        }
        if (!MacAddress.isValid(senderHardwareAddress) || !MacAddress.isValid(targetHardwareAddress)) {
            throw new IllegalArgumentException("ARP hardware address wider than 48 bits");
        }
    }

    /** A request for {@code targetProtocolAddress}, target hardware address zero (RFC 5227 section 2.1.1). */
    public static ArpRepr request(long senderHardwareAddress, int senderProtocolAddress, int targetProtocolAddress) {
        return new ArpRepr(ArpPacket.REQUEST, senderHardwareAddress, senderProtocolAddress, MacAddress.ZERO,
            targetProtocolAddress);
    }

    /** A reply telling {@code target} that {@code senderProtocolAddress} is at {@code senderHardwareAddress}. */
    public static ArpRepr reply(long senderHardwareAddress, int senderProtocolAddress, long targetHardwareAddress,
                                int targetProtocolAddress) {
        return new ArpRepr(ArpPacket.REPLY, senderHardwareAddress, senderProtocolAddress, targetHardwareAddress,
            targetProtocolAddress);
    }

    /**
     * Reads {@code packet} after checking it.
     *
     * @throws MalformedPacketException when {@link ArpPacket#checkLength()} rejects the packet
     */
    public static ArpRepr parse(ArpPacket packet) {
        MalformedPacketException.requireOk(packet.checkLength(), "ARP packet");
        return new ArpRepr(packet.operation(), packet.senderHardwareAddress(), packet.senderProtocolAddress(),
            packet.targetHardwareAddress(), packet.targetProtocolAddress());
    }

    /** Writes the whole packet into {@code packet}, whose window must hold {@link #bufferLength()} bytes. */
    public void emit(ArpPacket packet) {
        packet.setEthernetIpv4();
        packet.setOperation(operation);
        packet.setSenderHardwareAddress(senderHardwareAddress);
        packet.setSenderProtocolAddress(senderProtocolAddress);
        packet.setTargetHardwareAddress(targetHardwareAddress);
        packet.setTargetProtocolAddress(targetProtocolAddress);
    }

    /** Length of the packet: {@link ArpPacket#LENGTH}. */
    public int bufferLength() {
        return ArpPacket.LENGTH;
    }
}
