package io.isthmus.agent.runtime;

import java.util.Objects;

/**
 * How the agent runs its device readers: what a reader does when it finds no packet, and how many queues each TAP and
 * the substrate TUN get ({@code IFF_MULTI_QUEUE}, one reader thread and one pipeline per queue; the kernel spreads the
 * flows over a device's queues by their hash, one flow staying on one queue).
 *
 * @param idle the readers' idle strategy
 * @param queues queues per device, 1 (a single-queue device) to {@link #MAX_QUEUES}
 */
public record DeviceTuning(IdleStrategy idle, int queues) {
    /** The most queues per device. */
    public static final int MAX_QUEUES = 16;
    /**
     * Readers park in poll(2) as soon as a read finds nothing; one queue per device. Measured on 2 vCPUs (two agents,
     * four reader threads, iperf3 and ping on the same CPUs; docs/performance.md): spinning or yielding before parking
     * gave a longer ping RTT, fewer UDP packets per second and more CPU per packet than parking at once.
     */
    public static final DeviceTuning DEFAULT = new DeviceTuning(IdleStrategy.BLOCK, 1);

    /** @throws IllegalArgumentException when queues is outside 1..{@link #MAX_QUEUES} */
    public DeviceTuning {
        Objects.requireNonNull(idle, "idle");
        if (queues < 1 || queues > MAX_QUEUES) {
            throw new IllegalArgumentException("queues " + queues + " outside 1.." + MAX_QUEUES);
        }
    }
}
