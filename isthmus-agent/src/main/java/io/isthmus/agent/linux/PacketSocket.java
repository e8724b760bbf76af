package io.isthmus.agent.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Ethernet frames of an existing interface (a VM's TAP, a container's veth end) through {@code AF_PACKET} sockets
 * ({@code packet(7)}): what arrives on the interface is read, what is written leaves through it.
 *
 * <p>Two sockets, both bound to the interface by index: the receiving one ({@code SOCK_RAW}, {@code ETH_P_ALL})
 * is created with protocol 0 and bound with {@code ETH_P_ALL}, so it never sees another interface's frames, and
 * reads with {@code PACKET_VNET_HDR} so that frames the sender left to offloads (a checksum to complete, a TCP
 * segmentation) are finished by {@link OffloadedFrames} before {@link #read} returns them; the sending one is bound
 * with protocol 0, so it receives nothing, and writes whole frames. Frames leaving the interface (those this object
 * writes, and any the host's own stack sends) are not read back: {@code PACKET_IGNORE_OUTGOING} (Linux 4.20 and
 * later) drops them in the kernel; where the kernel does not know the option, each read takes the source address
 * with {@code recvfrom} and skips {@link #PACKET_OUTGOING}. With {@link Option#PROMISCUOUS} the interface is
 * promiscuous while the socket is open ({@code PACKET_MR_PROMISC}), so frames to any MAC address are seen.
 *
 * <p>The socket lives in the network namespace of the thread that calls {@link #open}: to attach to an interface
 * inside a named namespace, open it in {@link NetworkNamespace#runIn}.
 *
 * <p>Unlike a TAP, the interface also belongs to the host's stack, which sees the same incoming frames; the
 * caller decides what that stack may do there (for example no IPv6 on a host-side VM interface).
 *
 * <p>Threading as for every {@link FrameDevice}.
 */
public final class PacketSocket implements FrameDevice {
    /** Address family of packet sockets. */
    public static final int AF_PACKET = 17;
    /** Socket type: frames with their link-layer header. */
    public static final int SOCK_RAW = 3;
    /** Protocol: every EtherType (host byte order; sockets take it in network byte order). */
    public static final int ETH_P_ALL = 0x0003;
    /** {@code setsockopt} level of packet sockets. */
    public static final int SOL_PACKET = 263;
    /** Socket option: add a membership ({@code struct packet_mreq}). */
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    /** Membership type: promiscuous mode for the socket's lifetime. */
    public static final int PACKET_MR_PROMISC = 1;
    /** Socket option: a {@code struct virtio_net_hdr} precedes each frame. */
    public static final int PACKET_VNET_HDR = 15;
    /** Socket option: do not deliver frames leaving the interface (Linux 4.20). */
    public static final int PACKET_IGNORE_OUTGOING = 23;
    /** {@code sll_pkttype}: a frame leaving the interface. */
    public static final int PACKET_OUTGOING = 4;
    /** {@code ioctl} request: the index of the interface named in a {@code struct ifreq}. */
    public static final long SIOCGIFINDEX = 0x8933L;
    /** Size of {@code struct sockaddr_ll}. */
    public static final int SOCKADDR_LL_SIZE = 20;
    /** Offset of {@code sll_protocol} (network byte order) in {@code struct sockaddr_ll}. */
    public static final int SLL_PROTOCOL = 2;
    /** Offset of {@code sll_ifindex} in {@code struct sockaddr_ll}. */
    public static final int SLL_IFINDEX = 4;
    /** Offset of {@code sll_pkttype} in {@code struct sockaddr_ll}. */
    public static final int SLL_PKTTYPE = 10;
    /** {@code setsockopt} level of every socket. */
    public static final int SOL_SOCKET = 1;
    /** Socket option: receive buffer size, capped by {@code net.core.rmem_max}. */
    public static final int SO_RCVBUF = 8;
    /** Socket option: receive buffer size beyond {@code net.core.rmem_max} ({@code CAP_NET_ADMIN}). */
    public static final int SO_RCVBUFFORCE = 33;
    /**
     * Receive buffer asked for: room for dozens of 64 KiB segmentation-offload packets, which a node's TCP sends in
     * bursts, while the reader cuts them up.
     */
    public static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Size of {@code struct packet_mreq}: {@code int mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8];}. */
    public static final int PACKET_MREQ_SIZE = 16;
    /** Largest read: a GSO packet of up to 64 KiB (or more with BIG TCP), its Ethernet and virtio-net headers. */
    public static final int READ_BUFFER_SIZE = 256 * 1024;

    private static final ValueLayout.OfShort NETWORK_U16 =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Optional behaviours. */
    public enum Option {
        /** Put the interface into promiscuous mode while the socket is open. */
        PROMISCUOUS,
        /**
         * Skip outgoing frames by their {@code sll_pkttype} even where {@code PACKET_IGNORE_OUTGOING} is available
         * (what older kernels get anyway).
         */
        FILTER_OUTGOING_BY_PACKET_TYPE
    }

    private final int receiveFd;
    private final int sendFd;
    private final String name;
    private final int interfaceIndex;
    private final boolean filterOutgoing;
    private final FileDescriptorIo io;
    private final MemorySegment readState;
    private final MemorySegment readBuffer;
    private final MemorySegment sourceAddress;
    private final MemorySegment sourceLength;
    private final OffloadedFrames offloaded = new OffloadedFrames();

    private PacketSocket(int receiveFd, int sendFd, String name, int interfaceIndex, boolean filterOutgoing) {
        this.receiveFd = receiveFd;
        this.sendFd = sendFd;
        this.name = name;
        this.interfaceIndex = interfaceIndex;
        this.filterOutgoing = filterOutgoing;
        this.io = new FileDescriptorIo(receiveFd, sendFd, "packet socket I/O");
        this.readState = io.readState();
        Arena arena = io.arena();
        this.readBuffer = arena.allocate(READ_BUFFER_SIZE, 64);
        this.sourceAddress = arena.allocate(SOCKADDR_LL_SIZE, 8);
        this.sourceLength = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * Opens the sockets on {@code interfaceName} in the calling thread's network namespace. The interface need not
     * be up; the sockets are blocking (see {@link #setNonBlocking}).
     *
     * @throws LinuxException when a call fails, for example {@code ENODEV} for an interface that does not exist,
     *     {@code EPERM} without {@code CAP_NET_RAW}
     * @throws IllegalArgumentException when the name is empty or does not fit {@code struct ifreq}
     */
    public static PacketSocket open(String interfaceName, Option... options) throws LinuxException {
        Objects.requireNonNull(interfaceName, "interfaceName");
        byte[] nameBytes = interfaceName.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length >= TunDevice.IFNAMSIZ) {
            throw new IllegalArgumentException("not an interface name: '" + interfaceName + "'");
        }
        boolean promiscuous = false;
        boolean forceFilter = false;
        for (Option option : options) {
            promiscuous |= option == Option.PROMISCUOUS;
            forceFilter |= option == Option.FILTER_OUTGOING_BY_PACKET_TYPE;
        }
        int receiveFd = -1;
        int sendFd = -1;
        try (Arena call = Arena.ofConfined()) {
            // Protocol 0 until bound: a socket of ETH_P_ALL would see every interface's frames in between.
            receiveFd = LibC.socket(AF_PACKET, SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
            MemorySegment ifreq = call.allocate(TunDevice.IFREQ_SIZE, 8);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            LibC.ioctl(receiveFd, SIOCGIFINDEX, ifreq, "SIOCGIFINDEX for '" + interfaceName + "'");
            int index = ifreq.get(ValueLayout.JAVA_INT, TunDevice.IFREQ_FLAGS);
            MemorySegment one = call.allocate(ValueLayout.JAVA_INT);
            one.set(ValueLayout.JAVA_INT, 0, 1);
            LibC.setsockopt(receiveFd, SOL_PACKET, PACKET_VNET_HDR, one, "PACKET_VNET_HDR");
            MemorySegment bufferSize = call.allocate(ValueLayout.JAVA_INT);
            bufferSize.set(ValueLayout.JAVA_INT, 0, RECEIVE_BUFFER_BYTES);
            try {
                LibC.setsockopt(receiveFd, SOL_SOCKET, SO_RCVBUFFORCE, bufferSize, "SO_RCVBUFFORCE");
            } catch (LinuxException e) {
                // Without CAP_NET_ADMIN: as much as net.core.rmem_max allows.
                LibC.setsockopt(receiveFd, SOL_SOCKET, SO_RCVBUF, bufferSize, "SO_RCVBUF");
            }
            boolean filter = forceFilter;
            if (!forceFilter) {
                try {
                    LibC.setsockopt(receiveFd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, "PACKET_IGNORE_OUTGOING");
                } catch (LinuxException e) {
                    if (e.errno() != Errno.ENOPROTOOPT) {
                        throw e;
                    }
                    filter = true;
                }
            }
            LibC.bind(receiveFd, sockaddr(call, ETH_P_ALL, index), "AF_PACKET, ETH_P_ALL, '" + interfaceName + "'");
            if (promiscuous) {
                MemorySegment mreq = call.allocate(PACKET_MREQ_SIZE, 8);
                mreq.set(ValueLayout.JAVA_INT, 0, index);
                mreq.set(ValueLayout.JAVA_SHORT, 4, (short) PACKET_MR_PROMISC);
                LibC.setsockopt(receiveFd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq,
                    "PACKET_ADD_MEMBERSHIP PACKET_MR_PROMISC on '" + interfaceName + "'");
            }
            sendFd = LibC.socket(AF_PACKET, SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
            LibC.bind(sendFd, sockaddr(call, 0, index), "AF_PACKET, protocol 0, '" + interfaceName + "'");
            return new PacketSocket(receiveFd, sendFd, interfaceName, index, filter);
        } catch (LinuxException | RuntimeException e) {
            closeQuietly(receiveFd, e);
            closeQuietly(sendFd, e);
            throw e;
        }
    }

    private static MemorySegment sockaddr(Arena arena, int protocol, int index) {
        MemorySegment address = arena.allocate(SOCKADDR_LL_SIZE, 8);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
        address.set(NETWORK_U16, SLL_PROTOCOL, (short) protocol);
        address.set(ValueLayout.JAVA_INT, SLL_IFINDEX, index);
        return address;
    }

    private static void closeQuietly(int fd, Exception failure) {
        if (fd >= 0) {
            try {
                LibC.close(fd);
            } catch (LinuxException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /** The interface's name. */
    @Override
    public String name() {
        return name;
    }

    /** The interface's index in its namespace. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /**
     * Whether the interface the sockets are bound to is still there under its name: false once it was deleted, or
     * replaced by another interface of the same name (a restarted VM's new TAP), which the sockets do not follow.
     * Control plane: asks the kernel with {@code SIOCGIFINDEX}, in the sockets' namespace whichever thread calls.
     */
    public synchronized boolean isInterfacePresent() {
        if (io.isClosed()) {
            return false;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ifreq = call.allocate(TunDevice.IFREQ_SIZE, 8);
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            LibC.ioctl(receiveFd, SIOCGIFINDEX, ifreq, "SIOCGIFINDEX for '" + name + "'");
            return ifreq.get(ValueLayout.JAVA_INT, TunDevice.IFREQ_FLAGS) == interfaceIndex;
        } catch (LinuxException e) {
            return false;
        }
    }

    /** Whether outgoing frames are skipped by {@code sll_pkttype} here rather than by the kernel. */
    public boolean filtersOutgoingByPacketType() {
        return filterOutgoing;
    }

    /** The receiving socket's descriptor, for registration with a poller. It stays owned by this object. */
    public int fd() {
        return receiveFd;
    }

    @Override
    public void setNonBlocking(boolean nonBlocking) throws LinuxException {
        io.setNonBlocking(nonBlocking);
    }

    /**
     * Reads one frame that arrived on the interface into {@code buffer} at {@code offset}, truncated to
     * {@code maxLength}; a TCP segmentation offload packet comes out one segment per call. Hot path: never
     * allocates and never throws for a kernel error.
     *
     * @param buffer native, writable memory
     * @return the frame's length, or a negated errno: {@code -EAGAIN} when non-blocking and nothing is queued,
     *     {@code -ENETDOWN} once after the interface went down, {@code -EBADF} after {@link #close}
     * @throws IndexOutOfBoundsException if {@code [offset, offset + maxLength)} is not within {@code buffer}
     * @throws IllegalArgumentException if {@code buffer} is a heap or read-only segment, or no longer alive
     */
    @Override
    public int read(MemorySegment buffer, long offset, int maxLength) {
        io.checkBuffer(buffer, offset, maxLength, true);
        if (io.isClosed()) {
            return -Errno.EBADF;
        }
        while (true) {
            if (offloaded.hasPending()) {
                int length = offloaded.next(buffer, offset, maxLength);
                if (length > 0) {
                    return length;
                }
                continue;
            }
            long n;
            if (filterOutgoing) {
                sourceLength.set(ValueLayout.JAVA_INT, 0, SOCKADDR_LL_SIZE);
                n = LibC.recvfrom(receiveFd, readBuffer.address(), READ_BUFFER_SIZE, 0, sourceAddress.address(),
                    sourceLength.address(), readState);
                if (n >= 0 && (sourceAddress.get(ValueLayout.JAVA_BYTE, SLL_PKTTYPE) & 0xff) == PACKET_OUTGOING) {
                    continue;
                }
            } else {
                n = LibC.read(receiveFd, readBuffer.address(), READ_BUFFER_SIZE, readState);
            }
            if (n < 0) {
                return (int) n;
            }
            offloaded.accept(readBuffer, 0, (int) n);
        }
    }

    /**
     * Sends one Ethernet frame out of the interface. Hot path: never allocates and never throws for a kernel
     * error.
     *
     * @param buffer native memory
     * @return the number of bytes written, or a negated errno: {@code -EMSGSIZE} for a frame longer than the
     *     interface's MTU allows, {@code -ENETDOWN} when it is down, {@code -ENXIO} when it is gone,
     *     {@code -EAGAIN}, {@code -EBADF} after {@link #close}
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within {@code buffer}
     * @throws IllegalArgumentException if {@code buffer} is a heap segment, or no longer alive
     */
    @Override
    public int write(MemorySegment buffer, long offset, int length) {
        return io.write(buffer, offset, length);
    }

    /**
     * Waits until a frame can be read, with {@code poll(2)}; at once when the rest of a segmented packet waits.
     * Hot path (reader thread): never allocates.
     *
     * @return 1 when readable (or an error is pending, which the next {@link #read} reports), 0 on timeout, or a
     *     negated errno
     */
    @Override
    public int awaitReadable(int timeoutMillis) {
        if (!io.isClosed() && offloaded.hasPending()) {
            return 1;
        }
        return io.awaitReadable(timeoutMillis);
    }

    @Override
    public boolean isClosed() {
        return io.isClosed();
    }

    /** Closes both sockets; the interface leaves promiscuous mode if this socket put it there. Idempotent. */
    @Override
    public synchronized void close() throws LinuxException {
        io.close();
    }

    @Override
    public String toString() {
        return "PacketSocket[" + name + ", index " + interfaceIndex + ", fd " + receiveFd + "/" + sendFd
            + (io.isClosed() ? ", closed" : "") + "]";
    }
}
