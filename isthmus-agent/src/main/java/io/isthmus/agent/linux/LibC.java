package io.isthmus.agent.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Bindings to the C library functions the agent calls, through the foreign function interface.
 *
 * <p>Every handle is linked with {@link Linker.Option#captureCallState(String...) captureCallState("errno")}, so the
 * errno a call leaves is read from a capture segment right after the call, never from a thread-local that the JVM
 * may have overwritten meanwhile. Two families of methods:
 *
 * <ul>
 *   <li>control plane ({@link #open}, {@link #close}, {@link #ioctl}, {@link #fcntl}, {@link #setns},
 *       {@link #unshare}, {@link #socket}, {@link #bind}, {@link #setsockopt}): allocate a capture segment per call
 *       and throw {@link LinuxException} on failure;</li>
 *   <li>hot path ({@link #read}, {@link #write}, {@link #poll}, {@link #recvfrom}): take a caller-owned capture
 *       segment from {@link #allocateCallState}, return the result or a negated errno, and allocate nothing.</li>
 * </ul>
 *
 * <p>Variadic functions ({@code open}, {@code ioctl}, {@code fcntl}) are linked with
 * {@link Linker.Option#firstVariadicArg(int)} so the calling convention for varargs is honoured.
 */
public final class LibC {
    /** {@code open(2)} flag: read only. */
    public static final int O_RDONLY = 0;
    /** {@code open(2)} flag: read and write. */
    public static final int O_RDWR = 2;
    /** {@code open(2)} / {@code fcntl(2)} flag: non-blocking I/O. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code open(2)} flag: close on exec, so child processes (such as {@code ip}) do not inherit the descriptor. */
    public static final int O_CLOEXEC = 0x80000;

    /** {@code fcntl(2)} command: get the file status flags. */
    public static final int F_GETFL = 3;
    /** {@code fcntl(2)} command: set the file status flags. */
    public static final int F_SETFL = 4;

    /** {@code poll(2)} event: data to read. */
    public static final short POLLIN = 0x001;
    /** {@code poll(2)} event: writing will not block. */
    public static final short POLLOUT = 0x004;
    /** {@code poll(2)} event: error condition. */
    public static final short POLLERR = 0x008;
    /** {@code poll(2)} event: hang up. */
    public static final short POLLHUP = 0x010;
    /** {@code poll(2)} event: the descriptor is not open. */
    public static final short POLLNVAL = 0x020;
    /** Size of {@code struct pollfd}: {@code int fd; short events; short revents;}. */
    public static final int POLLFD_SIZE = 8;
    /** Offset of {@code events} in {@code struct pollfd}. */
    public static final int POLLFD_EVENTS = 4;
    /** Offset of {@code revents} in {@code struct pollfd}. */
    public static final int POLLFD_REVENTS = 6;

    /** {@code setns(2)} / {@code unshare(2)} namespace type: network namespace. */
    public static final int CLONE_NEWNET = 0x40000000;

    /** {@code socket(2)} type flag: non-blocking. */
    public static final int SOCK_NONBLOCK = O_NONBLOCK;
    /** {@code socket(2)} type flag: close on exec. */
    public static final int SOCK_CLOEXEC = O_CLOEXEC;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = link("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = link("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    // read/write take the buffer as a raw address (a long) so that the hot path needs no sliced MemorySegment.
    private static final MethodHandle READ = link("read",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = link("write",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle IOCTL = link("ioctl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
        Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = link("fcntl",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = link("poll",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = link("setns",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle UNSHARE = link("unshare",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SOCKET = link("socket",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = link("bind",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = link("setsockopt",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    // Buffer, source address and its length as raw addresses, as for read/write.
    private static final MethodHandle RECVFROM = link("recvfrom",
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LIBC.findOrThrow("strerror"), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private LibC() {
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, options);
    }

    /**
     * Allocates a segment to receive the errno of hot-path calls. One per thread that makes such calls: the
     * segment is written by each call and read right after it.
     */
    public static MemorySegment allocateCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno the last call that used {@code callState} left there. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** The C library's description of {@code errno}, for example {@code "Invalid argument"}. Control plane only. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "unknown error" : text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code open(2)}: opens {@code path} with {@code flags}.
     *
     * @return the new file descriptor
     * @throws LinuxException with the errno when the call fails
     */
    public static int open(String path, int flags) throws LinuxException {
        return checked((state, arena) -> (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0),
            "open(" + path + ")");
    }

    /**
     * {@code close(2)}. The descriptor is released even when this throws (Linux never leaves it open after
     * {@code close}, not even on {@code EINTR}), so a failed close must not be retried.
     *
     * @throws LinuxException with the errno when the call fails
     */
    public static void close(int fd) throws LinuxException {
        checked((state, arena) -> (int) CLOSE.invokeExact(state, fd), "close(" + fd + ")");
    }

    /**
     * {@code ioctl(2)} with a pointer argument.
     *
     * @param what the request and its subject for the exception message, for example {@code "TUNSETIFF for 'tap0'"}
     * @return the call's non-negative result
     * @throws LinuxException with the errno when the call fails
     */
    public static int ioctl(int fd, long request, MemorySegment argument, String what) throws LinuxException {
        return checked((state, arena) -> (int) IOCTL.invokeExact(state, fd, request, argument), "ioctl(" + what + ")");
    }

    /**
     * {@code fcntl(2)} with an int argument.
     *
     * @return the call's non-negative result (for {@link #F_GETFL}, the flags)
     * @throws LinuxException with the errno when the call fails
     */
    public static int fcntl(int fd, int command, int argument) throws LinuxException {
        return checked((state, arena) -> (int) FCNTL.invokeExact(state, fd, command, argument),
            "fcntl(" + fd + ", " + command + ")");
    }

    /**
     * {@code setns(2)}: moves the calling OS thread into the namespace {@code fd} refers to. Only for a platform
     * thread that is dedicated to that namespace; a virtual thread may change carrier at any time.
     *
     * @param what the namespace, for the exception message
     * @throws LinuxException with the errno when the call fails
     */
    public static void setns(int fd, int namespaceType, String what) throws LinuxException {
        checked((state, arena) -> (int) SETNS.invokeExact(state, fd, namespaceType), "setns(" + what + ")");
    }

    /**
     * {@code unshare(2)}: gives the calling OS thread new namespaces of the types in {@code flags}, for example an
     * anonymous network namespace with {@link #CLONE_NEWNET}. Same thread caveat as {@link #setns}.
     *
     * @throws LinuxException with the errno when the call fails
     */
    public static void unshare(int flags) throws LinuxException {
        checked((state, arena) -> (int) UNSHARE.invokeExact(state, flags),
            "unshare(0x" + Integer.toHexString(flags) + ")");
    }

    /**
     * {@code socket(2)}.
     *
     * @param type the socket type, possibly or-ed with {@link #SOCK_NONBLOCK} and {@link #SOCK_CLOEXEC}
     * @return the new socket's descriptor
     * @throws LinuxException with the errno when the call fails
     */
    public static int socket(int domain, int type, int protocol) throws LinuxException {
        return checked((state, arena) -> (int) SOCKET.invokeExact(state, domain, type, protocol),
            "socket(" + domain + ", " + type + ", " + protocol + ")");
    }

    /**
     * {@code bind(2)} to the socket address in {@code address} (its whole size is passed as the length).
     *
     * @param what the address, for the exception message
     * @throws LinuxException with the errno when the call fails
     */
    public static void bind(int fd, MemorySegment address, String what) throws LinuxException {
        checked((state, arena) -> (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()),
            "bind(" + what + ")");
    }

    /**
     * {@code setsockopt(2)} with the option value in {@code value} (its whole size is passed as the length).
     *
     * @param what the option, for the exception message, for example {@code "PACKET_IGNORE_OUTGOING"}
     * @throws LinuxException with the errno when the call fails ({@code ENOPROTOOPT} for an option the kernel does
     *     not know)
     */
    public static void setsockopt(int fd, int level, int name, MemorySegment value, String what)
        throws LinuxException {
        checked((state, arena) -> (int) SETSOCKOPT.invokeExact(state, fd, level, name, value, (int) value.byteSize()),
            "setsockopt(" + what + ")");
    }

    /**
     * {@code recvfrom(2)} into native memory at {@code address}, the sender's socket address written at
     * {@code sourceAddress} and its length at {@code sourceLengthAddress} (a {@code socklen_t} the caller sets to the
     * space available before each call). Hot path: allocates nothing.
     *
     * @param callState a segment from {@link #allocateCallState}, owned by the calling thread
     * @return the number of bytes received, or a negated errno
     */
    public static long recvfrom(int fd, long address, long count, int flags, long sourceAddress,
                                long sourceLengthAddress, MemorySegment callState) {
        try {
            long n = (long) RECVFROM.invokeExact(callState, fd, address, count, flags, sourceAddress,
                sourceLengthAddress);
            return n < 0 ? -errno(callState) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code read(2)} into native memory at {@code address}. Hot path: allocates nothing.
     *
     * @param callState a segment from {@link #allocateCallState}, owned by the calling thread
     * @return the number of bytes read, or a negated errno
     */
    public static long read(int fd, long address, long count, MemorySegment callState) {
        try {
            long n = (long) READ.invokeExact(callState, fd, address, count);
            return n < 0 ? -errno(callState) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code write(2)} from native memory at {@code address}. Hot path: allocates nothing.
     *
     * @param callState a segment from {@link #allocateCallState}, owned by the calling thread
     * @return the number of bytes written, or a negated errno
     */
    public static long write(int fd, long address, long count, MemorySegment callState) {
        try {
            long n = (long) WRITE.invokeExact(callState, fd, address, count);
            return n < 0 ? -errno(callState) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code poll(2)} on {@code count} {@code struct pollfd} entries in {@code pollfds} (native memory). Hot path:
     * allocates nothing.
     *
     * @param timeoutMillis how long to wait; negative waits forever, zero returns at once
     * @param callState a segment from {@link #allocateCallState}, owned by the calling thread
     * @return the number of entries with events, zero on timeout, or a negated errno
     */
    public static int poll(MemorySegment pollfds, int count, int timeoutMillis, MemorySegment callState) {
        try {
            int n = (int) POLL.invokeExact(callState, pollfds, (long) count, timeoutMillis);
            return n < 0 ? -errno(callState) : n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A control-plane downcall: its errno capture segment first, {@code arena} for its arguments. */
    @FunctionalInterface
    private interface Downcall {
        int invoke(MemorySegment state, Arena arena) throws Throwable;
    }

    /**
     * Makes {@code call} with a fresh errno capture and a confined arena for its arguments.
     *
     * @param what the call as the exception message names it, for example {@code "close(7)"}
     * @return the call's non-negative result
     * @throws LinuxException with the errno when the call returns a negative value
     */
    private static int checked(Downcall call, String what) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = call.invoke(state, arena);
            if (result < 0) {
                throw new LinuxException(what, errno(state));
            }
            return result;
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        // A downcall declares no checked exception; reaching this is a bug in the binding.
        throw new IllegalStateException("unexpected exception from a downcall", t);
    }
}
