package io.isthmus.agent.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A TUN (layer 3: each read or write is one IP packet) or TAP (layer 2: one Ethernet frame) interface, held open
 * through a descriptor of {@code /dev/net/tun} (Linux {@code Documentation/networking/tuntap.rst}).
 *
 * <p>The interface lives in the network namespace of the thread that calls {@link #open}: to create one inside a
 * named namespace, open it in {@link NetworkNamespace#runIn}. The interface exists as long as this object is open
 * (it is not made persistent) and keeps working after the creating thread has ended, or after
 * {@code ip link set ... netns} moved it.
 *
 * <p>The descriptor is opened without packet information ({@link #IFF_NO_PI}): a TUN read returns the bare IP
 * packet and a write takes one, the kernel telling IPv4 from IPv6 by the version nibble.
 *
 * <p>Threading: {@link #read} and {@link #awaitReadable} share per-device state and are called by one reader thread
 * at a time; {@link #write} is called by one writer thread at a time; reader and writer may run concurrently.
 * {@link #close} must not race with them: stop the I/O threads first.
 */
public final class TunDevice implements FrameDevice {
    /** {@code ioctl} request that attaches the descriptor to an interface: {@code _IOW('T', 202, int)}. */
    public static final long TUNSETIFF = 0x400454caL;
    /** {@code ifr_flags}: layer 3 device. */
    public static final short IFF_TUN = 0x0001;
    /** {@code ifr_flags}: layer 2 (Ethernet) device. */
    public static final short IFF_TAP = 0x0002;
    /** {@code ifr_flags}: no 4-byte packet information header before each packet. */
    public static final short IFF_NO_PI = 0x1000;
    /** {@code ifr_flags}: one of several queues of the same interface; open the name again for each queue. */
    public static final short IFF_MULTI_QUEUE = 0x0100;
    /** {@code ifr_flags}: a {@code virtio_net_hdr} precedes each packet (offloads); not used by this class. */
    public static final short IFF_VNET_HDR = 0x4000;
    /** {@code IFNAMSIZ}: interface name buffer size, terminating NUL included. */
    public static final int IFNAMSIZ = 16;
    /** Size of {@code struct ifreq} on 64-bit Linux. */
    public static final int IFREQ_SIZE = 40;
    /** Offset of {@code ifr_flags} (a short) in {@code struct ifreq}; the name occupies the first 16 bytes. */
    public static final int IFREQ_FLAGS = 16;
    /** The clone device. */
    public static final String CLONE_DEVICE = "/dev/net/tun";

    /** Which kind of interface. */
    public enum Mode {
        /** Layer 3: IP packets. */
        TUN(IFF_TUN),
        /** Layer 2: Ethernet frames. */
        TAP(IFF_TAP);

        private final short flag;

        Mode(short flag) {
            this.flag = flag;
        }
    }

    /** Optional behaviours of the interface. */
    public enum Option {
        /** Multi-queue: the same name may be opened several times, one descriptor per queue. */
        MULTI_QUEUE
    }

    private final int fd;
    private final String name;
    private final Mode mode;
    private final FileDescriptorIo io;

    private TunDevice(int fd, String name, Mode mode) {
        this.fd = fd;
        this.name = name;
        this.mode = mode;
        this.io = new FileDescriptorIo(fd, fd, "TUN I/O");
    }

    /**
     * Creates (or, for an existing multi-queue or persistent interface, attaches to) an interface in the calling
     * thread's network namespace. The descriptor is blocking; see {@link #setNonBlocking}.
     *
     * @param requestedName the interface name, at most 15 bytes; {@code null} or empty lets the kernel pick
     *     ({@code tun0}, {@code tap1}, ...); a {@code %d} in it is replaced by the kernel with a free number
     * @return the open device; {@link #name()} is the name the kernel assigned
     * @throws LinuxException when {@code /dev/net/tun} cannot be opened or {@code TUNSETIFF} fails, for example
     *     {@code EINVAL} for a name the kernel refuses, {@code EPERM} without {@code CAP_NET_ADMIN}, {@code EBUSY}
     *     when another descriptor holds the interface
     * @throws IllegalArgumentException when the name does not fit {@code struct ifreq}
     */
    public static TunDevice open(String requestedName, Mode mode, Option... options) throws LinuxException {
        Objects.requireNonNull(mode, "mode");
        byte[] nameBytes = requestedName == null ? new byte[0] : requestedName.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than " + (IFNAMSIZ - 1) + " bytes: "
                + requestedName);
        }
        short flags = (short) (mode.flag | IFF_NO_PI);
        for (Option option : options) {
            if (option == Option.MULTI_QUEUE) {
                flags |= IFF_MULTI_QUEUE;
            }
        }
        int fd = LibC.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_CLOEXEC);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ifreq = call.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            ifreq.set(ValueLayout.JAVA_SHORT, IFREQ_FLAGS, flags);
            LibC.ioctl(fd, TUNSETIFF, ifreq, "TUNSETIFF for '" + (requestedName == null ? "" : requestedName)
                + "', flags " + describe(flags));
            String assigned = ifreq.asSlice(0, IFNAMSIZ).getString(0, StandardCharsets.UTF_8);
            return new TunDevice(fd, assigned, mode);
        } catch (LinuxException | RuntimeException e) {
            try {
                LibC.close(fd);
            } catch (LinuxException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String describe(short flags) {
        StringBuilder b = new StringBuilder();
        b.append((flags & IFF_TAP) != 0 ? "IFF_TAP" : "IFF_TUN");
        if ((flags & IFF_NO_PI) != 0) {
            b.append("|IFF_NO_PI");
        }
        if ((flags & IFF_MULTI_QUEUE) != 0) {
            b.append("|IFF_MULTI_QUEUE");
        }
        return b.toString();
    }

    /** The interface name the kernel assigned. */
    @Override
    public String name() {
        return name;
    }

    /** Whether this is a TUN or a TAP. */
    public Mode mode() {
        return mode;
    }

    /** The file descriptor, for registration with a poller. It stays owned by this object. */
    public int fd() {
        return fd;
    }

    /**
     * Makes {@link #read} and {@link #write} return {@code -EAGAIN} instead of blocking (or restores blocking).
     *
     * @throws LinuxException when {@code fcntl} fails
     */
    @Override
    public void setNonBlocking(boolean nonBlocking) throws LinuxException {
        io.setNonBlocking(nonBlocking);
    }

    /** Whether the descriptor is in non-blocking mode. */
    public boolean isNonBlocking() throws LinuxException {
        return (LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK) != 0;
    }

    /**
     * Reads one packet (TUN) or frame (TAP) into {@code buffer} at {@code offset}. A packet longer than
     * {@code maxLength} is truncated to it. Hot path: never allocates and never throws for a kernel error.
     *
     * @param buffer native, writable memory
     * @return the packet length, or a negated errno: {@code -EAGAIN} when non-blocking and nothing is queued,
     *     {@code -EIO} when the interface is down, {@code -EBADF} after {@link #close}
     * @throws IndexOutOfBoundsException if {@code [offset, offset + maxLength)} is not within {@code buffer}
     * @throws IllegalArgumentException if {@code buffer} is a heap or read-only segment, or no longer alive
     */
    @Override
    public int read(MemorySegment buffer, long offset, int maxLength) {
        return io.read(buffer, offset, maxLength);
    }

    /**
     * Writes one packet (TUN: starting with the IP header) or frame (TAP: starting with the Ethernet header). Hot
     * path: never allocates and never throws for a kernel error.
     *
     * @param buffer native memory
     * @return the number of bytes written, or a negated errno: {@code -EINVAL} for a packet the kernel refuses
     *     (for a TUN, an unknown IP version), {@code -EAGAIN}, {@code -EBADF} after {@link #close}
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within {@code buffer}
     * @throws IllegalArgumentException if {@code buffer} is a heap segment, or no longer alive
     */
    @Override
    public int write(MemorySegment buffer, long offset, int length) {
        return io.write(buffer, offset, length);
    }

    /**
     * Waits until a packet can be read, with {@code poll(2)}. Hot path (reader thread): never allocates.
     *
     * @param timeoutMillis how long to wait; negative waits forever, zero only checks
     * @return 1 when readable (or an error is pending, which the next {@link #read} reports), 0 on timeout, or a
     *     negated errno ({@code -EINTR}, {@code -EBADF} after {@link #close})
     */
    @Override
    public int awaitReadable(int timeoutMillis) {
        return io.awaitReadable(timeoutMillis);
    }

    /** Whether {@link #close} has been called. */
    @Override
    public boolean isClosed() {
        return io.isClosed();
    }

    /**
     * Closes the descriptor; a non-persistent interface disappears with its last queue. Idempotent.
     *
     * @throws LinuxException when {@code close(2)} reports an error (the descriptor is released anyway)
     */
    @Override
    public synchronized void close() throws LinuxException {
        io.close();
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + ", " + mode + ", fd " + fd + (io.isClosed() ? ", closed" : "") + "]";
    }
}
