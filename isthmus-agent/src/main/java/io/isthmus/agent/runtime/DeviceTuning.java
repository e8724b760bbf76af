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
    /** Readers spin {@value IdleStrategy#DEFAULT_SPINS} empty reads before parking; one queue per device. */
    public static final DeviceTuning DEFAULT = new DeviceTuning(
        new IdleStrategy(IdleStrategy.Kind.SPIN, IdleStrategy.DEFAULT_SPINS), 1);

    /** @throws IllegalArgumentException when queues is outside 1..{@link #MAX_QUEUES} */
    public DeviceTuning {
        Objects.requireNonNull(idle, "idle");
        if (queues < 1 || queues > MAX_QUEUES) {
            throw new IllegalArgumentException("queues " + queues + " outside 1.." + MAX_QUEUES);
        }
    }
}
