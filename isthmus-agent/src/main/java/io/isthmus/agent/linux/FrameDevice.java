package io.isthmus.agent.linux;

import java.lang.foreign.MemorySegment;

/**
 * A device the data plane reads packets or frames from and writes them to: a {@link TunDevice} (TUN or TAP) or a
 * {@link PacketSocket} on an existing interface.
 *
 * <p>Hot-path methods ({@link #read}, {@link #write}, {@link #awaitReadable}) never allocate and never throw for a
 * kernel error; they return a negated errno such as {@code -}{@link Errno#EAGAIN}. Threading, for every
 * implementation: one reader thread at a time calls {@link #read} and {@link #awaitReadable}, one writer thread at a
 * time calls {@link #write}, the two may run concurrently, and {@link #close} does not race with them.
 */
public interface FrameDevice extends AutoCloseable {
    /** The interface's name. */
    String name();

    /**
     * Reads one packet or frame into {@code buffer} at {@code offset}, truncated to {@code maxLength}.
     *
     * @param buffer native, writable memory
     * @return the length read, or a negated errno ({@code -EAGAIN} when non-blocking and nothing is queued,
     *     {@code -EBADF} after {@link #close})
     */
    int read(MemorySegment buffer, long offset, int maxLength);

    /**
     * Writes one packet or frame of {@code length} bytes from {@code buffer} at {@code offset}.
     *
     * @param buffer native memory
     * @return the number of bytes written, or a negated errno ({@code -EBADF} after {@link #close})
     */
    int write(MemorySegment buffer, long offset, int length);

    /**
     * Waits until {@link #read} has something, or an error, to return.
     *
     * @param timeoutMillis how long to wait; negative waits forever, zero only checks
     * @return 1 when readable, 0 on timeout, or a negated errno
     */
    int awaitReadable(int timeoutMillis);

    /**
     * Makes {@link #read} and {@link #write} return {@code -EAGAIN} instead of blocking (or restores blocking).
     *
     * @throws LinuxException when {@code fcntl} fails
     */
    void setNonBlocking(boolean nonBlocking) throws LinuxException;

    /** Whether {@link #close} has been called. */
    boolean isClosed();

    /**
     * Releases the device. Idempotent.
     *
     * @throws LinuxException when {@code close(2)} reports an error (the descriptor is released anyway)
     */
    @Override
    void close() throws LinuxException;
}
