package io.isthmus.agent.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The descriptor I/O a {@link FrameDevice} does on the descriptors it owns: one to read (and {@code poll(2)}) and
 * one to write, which may be the same. It holds the native memory of those calls (errno capture for the reader and
 * for the writer, the {@code struct pollfd}) in a shared arena that the device may also allocate its own buffers
 * from, and the device's closed state.
 *
 * <p>The hot-path methods never allocate and never throw for a kernel error: they return a negated errno, and
 * {@code -EBADF} once {@link #close} was called. Threading as for every {@link FrameDevice}.
 */
final class FileDescriptorIo {
    private final int readFd;
    private final int writeFd;
    private final String what;
    private final Arena arena;
    private final MemorySegment readState;
    private final MemorySegment writeState;
    private final MemorySegment pollfd;
    private volatile boolean closed;

    /**
     * Takes ownership of {@code readFd} and {@code writeFd}.
     *
     * @param what the kind of I/O, named in the message of a rejected buffer (for example "TUN I/O")
     */
    FileDescriptorIo(int readFd, int writeFd, String what) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.what = what;
        this.arena = Arena.ofShared();
        this.readState = LibC.allocateCallState(arena);
        this.writeState = LibC.allocateCallState(arena);
        this.pollfd = arena.allocate(LibC.POLLFD_SIZE, 8);
        pollfd.set(ValueLayout.JAVA_INT, 0, readFd);
        pollfd.set(ValueLayout.JAVA_SHORT, LibC.POLLFD_EVENTS, LibC.POLLIN);
    }

    /** The arena of this I/O, closed with it: the device's own native buffers live here too. */
    Arena arena() {
        return arena;
    }

    /** The errno capture of the reader thread's calls. */
    MemorySegment readState() {
        return readState;
    }

    /**
     * The address of {@code [offset, offset + length)} of {@code buffer}.
     *
     * @param written whether the kernel writes into the buffer (a read), which must then not be read-only
     * @throws IndexOutOfBoundsException if the range is not within {@code buffer}
     * @throws IllegalArgumentException if {@code buffer} is a heap (or, when written, read-only) segment, or no
     *     longer alive
     */
    long checkBuffer(MemorySegment buffer, long offset, int length, boolean written) {
        Objects.checkFromIndexSize(offset, length, buffer.byteSize());
        if (!buffer.isNative() || (written && buffer.isReadOnly()) || !buffer.scope().isAlive()) {
            throw new IllegalArgumentException(what + " needs a live, native" + (written ? ", writable" : "")
                + " segment: " + buffer);
        }
        return buffer.address() + offset;
    }

    /** {@code read(2)} of the read descriptor into {@code buffer}; the length read or a negated errno. */
    int read(MemorySegment buffer, long offset, int maxLength) {
        long address = checkBuffer(buffer, offset, maxLength, true);
        if (closed) {
            return -Errno.EBADF;
        }
        return (int) LibC.read(readFd, address, maxLength, readState);
    }

    /** {@code write(2)} of {@code buffer} to the write descriptor; the bytes written or a negated errno. */
    int write(MemorySegment buffer, long offset, int length) {
        long address = checkBuffer(buffer, offset, length, false);
        if (closed) {
            return -Errno.EBADF;
        }
        return (int) LibC.write(writeFd, address, length, writeState);
    }

    /** {@code poll(2)} for input on the read descriptor: 1 when readable, 0 on timeout, or a negated errno. */
    int awaitReadable(int timeoutMillis) {
        if (closed) {
            return -Errno.EBADF;
        }
        pollfd.set(ValueLayout.JAVA_SHORT, LibC.POLLFD_REVENTS, (short) 0);
        return LibC.poll(pollfd, 1, timeoutMillis, readState);
    }

    /**
     * Sets or clears {@code O_NONBLOCK} on both descriptors.
     *
     * @throws LinuxException when {@code fcntl} fails
     */
    void setNonBlocking(boolean nonBlocking) throws LinuxException {
        setNonBlocking(readFd, nonBlocking);
        if (writeFd != readFd) {
            setNonBlocking(writeFd, nonBlocking);
        }
    }

    private static void setNonBlocking(int fd, boolean nonBlocking) throws LinuxException {
        int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        int wanted = nonBlocking ? flags | LibC.O_NONBLOCK : flags & ~LibC.O_NONBLOCK;
        if (wanted != flags) {
            LibC.fcntl(fd, LibC.F_SETFL, wanted);
        }
    }

    /** Whether {@link #close} has been called. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Closes both descriptors and the arena. Idempotent; the device serialises it with its own control-plane calls.
     *
     * @throws LinuxException the first error {@code close(2)} reports (every descriptor is released anyway)
     */
    void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        LinuxException failure = null;
        try {
            for (int fd : writeFd == readFd ? new int[] {readFd} : new int[] {readFd, writeFd}) {
                try {
                    LibC.close(fd);
                } catch (LinuxException e) {
                    failure = failure == null ? e : failure;
                }
            }
        } finally {
            arena.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
