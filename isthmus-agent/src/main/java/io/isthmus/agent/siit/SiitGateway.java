package io.isthmus.agent.siit;

import io.isthmus.agent.linux.Errno;
import io.isthmus.agent.linux.LinuxException;
import io.isthmus.agent.linux.TunDevice;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reads packets from a TUN, translates each with a {@link Translator}, and writes whatever it emits (translations,
 * fragments, ICMP errors) back into the same TUN. One thread runs {@link #run()}; any thread may read the counters
 * or {@link #stop()} it.
 *
 * <p>The loop allocates nothing per packet: one native buffer, one translator, counters in a preallocated array
 * written with release semantics by the single loop thread.
 */
public final class SiitGateway implements Runnable {
    /** Largest packet read from the TUN. */
    public static final int BUFFER_SIZE = 65_536;
    private static final int POLL_MILLIS = 200;

    private static final TranslationResult[] RESULTS = TranslationResult.values();
    private static final int READ_ERRORS = RESULTS.length;
    private static final int WRITE_ERRORS = RESULTS.length + 1;
    private static final int PACKETS_IN = RESULTS.length + 2;
    private static final int PACKETS_OUT = RESULTS.length + 3;

    private final TunDevice tun;
    private final Translator translator;
    private final MemorySegment buffer = Arena.ofAuto().allocate(BUFFER_SIZE, 64);
    private final AtomicLongArray counters = new AtomicLongArray(RESULTS.length + 4);
    private final PacketSink writeBack = this::writeBack;
    private volatile boolean running = true;

    /**
     * A gateway on {@code tun}, which it switches to non-blocking mode so that {@link #stop()} takes effect.
     *
     * @throws LinuxException when the device's mode cannot be changed
     */
    public SiitGateway(TunDevice tun, Translator translator) throws LinuxException {
        this.tun = tun;
        this.translator = translator;
        tun.setNonBlocking(true);
    }

    /** Runs the duty cycle until {@link #stop()}: read, translate, write back. */
    @Override
    public void run() {
        while (running) {
            int length = tun.read(buffer, 0, BUFFER_SIZE);
            if (length == -Errno.EAGAIN) {
                tun.awaitReadable(POLL_MILLIS);
                continue;
            }
            if (length <= 0) {
                if (length != -Errno.EINTR) {
                    increment(READ_ERRORS);
                    if (length == -Errno.EBADF) {
                        return;
                    }
                }
                continue;
            }
            increment(PACKETS_IN);
            increment(translator.translate(buffer, 0, length, writeBack).ordinal());
        }
    }

    private void writeBack(MemorySegment segment, long offset, int length, PacketSink.Emission kind) {
        if (tun.write(segment, offset, length) == length) {
            increment(PACKETS_OUT);
        } else {
            increment(WRITE_ERRORS);
        }
    }

    private void increment(int index) {
        counters.setRelease(index, counters.getPlain(index) + 1);
    }

    /** Asks the loop to end; it does within one poll interval. */
    public void stop() {
        running = false;
    }

    /** How many packets ended with {@code result}. */
    public long count(TranslationResult result) {
        return counters.getAcquire(result.ordinal());
    }

    /** Packets read from the TUN. */
    public long packetsIn() {
        return counters.getAcquire(PACKETS_IN);
    }

    /** Packets written to the TUN (translations, fragments and ICMP errors). */
    public long packetsOut() {
        return counters.getAcquire(PACKETS_OUT);
    }

    /** Failed reads from the TUN. */
    public long readErrors() {
        return counters.getAcquire(READ_ERRORS);
    }

    /** Writes to the TUN that failed or were short. */
    public long writeErrors() {
        return counters.getAcquire(WRITE_ERRORS);
    }

    /** The counters as {@code name=value} pairs, zero counts left out; for logs and the CLI. */
    public String countersLine() {
        StringBuilder line = new StringBuilder("packets_in=").append(packetsIn()).append(" packets_out=")
            .append(packetsOut()).append(" read_errors=").append(readErrors()).append(" write_errors=")
            .append(writeErrors());
        for (TranslationResult result : RESULTS) {
            long n = count(result);
            if (n != 0) {
                line.append(' ').append(result.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        }
        return line.toString();
    }
}
