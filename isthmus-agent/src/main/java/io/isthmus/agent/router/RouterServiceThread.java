package io.isthmus.agent.router;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.RouterPunt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The virtual routers' slow path on one host: the data plane {@linkplain #offer offers} frames for the routers'
 * services, which are copied into a fixed pool of buffers and handled one at a time by the {@link RouterService}
 * registered for their {@link RouterPunt.Kind}, on one thread of its own. The pool bounds the work a node can cause:
 * when every buffer is taken the frame is refused and the data plane counts it.
 *
 * <p>{@link #offer} allocates nothing: the pool and the work queue are {@link ArrayBlockingQueue}s of preallocated
 * buffers. Services run on this thread only, so they need no locking of their own.
 */
public final class RouterServiceThread implements RouterPunt, AutoCloseable {
    /** How often services' {@link RouterService#tick} runs. */
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The largest frame a service takes: a full Ethernet frame of a jumbo MTU. */
    public static final int MAX_FRAME = 9018;

    private final PortTable ports;
    private final DataplaneSinks out;
    private final Consumer<String> log;
    private final Map<Kind, RouterService> services = new EnumMap<>(Kind.class);
    private final ArrayBlockingQueue<Buffer> free;
    private final ArrayBlockingQueue<Buffer> work;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** A frame copied for a service. */
    private static final class Buffer {
        final MemorySegment segment = Arena.ofAuto().allocate(MAX_FRAME, 8);
        Kind kind;
        int portIndex;
        int length;
    }

    /**
     * A slow path with {@code capacity} buffers, replying through {@code out}; not started.
     *
     * @param log structured log lines (a service that throws is logged, counted and kept)
     */
    public RouterServiceThread(PortTable ports, DataplaneSinks out, int capacity, Consumer<String> log) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.out = Objects.requireNonNull(out, "out");
        this.log = Objects.requireNonNull(log, "log");
        this.free = new ArrayBlockingQueue<>(capacity);
        this.work = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            free.add(new Buffer());
        }
        this.thread = Thread.ofPlatform().name("isthmus-router-services").daemon().unstarted(this::run);
    }

    /** Registers the service of {@code kind}; before {@link #start}. */
    public synchronized RouterServiceThread register(Kind kind, RouterService service) {
        if (thread.isAlive()) {
            throw new IllegalStateException("services are registered before the thread starts");
        }
        services.put(kind, Objects.requireNonNull(service, "service"));
        return this;
    }

    /** Starts the thread. */
    public synchronized void start() {
        thread.start();
    }

    @Override
    public boolean offer(Kind kind, int portIndex, MemorySegment segment, long offset, int length) {
        if (!services.containsKey(kind) || length > MAX_FRAME) {
            return false;
        }
        Buffer buffer = free.poll();
        if (buffer == null) {
            return false;
        }
        MemorySegment.copy(segment, offset, buffer.segment, 0, length);
        buffer.kind = kind;
        buffer.portIndex = portIndex;
        buffer.length = length;
        work.offer(buffer);
        return true;
    }

    @Override
    public boolean wants(Kind kind, int portIndex) {
        RouterService service = services.get(kind);
        return service != null && service.wants(portIndex);
    }

    /** Frames the services have handled. */
    public long handled() {
        return handled.get();
    }

    /** Frames whose service threw (a bug, logged). */
    public long failed() {
        return failed.get();
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            Buffer buffer;
            try {
                buffer = work.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (buffer != null) {
                try {
                    dispatch(buffer);
                } finally {
                    free.offer(buffer);
                }
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                nextTick = now + TICK_NANOS;
                for (var entry : services.entrySet()) {
                    try {
                        entry.getValue().tick(now, out);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        log.accept("event=router-service-failed service=" + entry.getKey() + " in=tick error=\""
                            + e + "\"");
                    }
                }
            }
        }
    }

    private void dispatch(Buffer buffer) {
        LocalPort port = ports.snapshot().byIndex(buffer.portIndex);
        RouterService service = services.get(buffer.kind);
        if (port == null || service == null) {
            return;
        }
        try {
            service.handle(port, ports.snapshot().network(port.overlayId()), buffer.segment, buffer.length, out);
            handled.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.accept("event=router-service-failed service=" + buffer.kind + " port=" + port.index() + " error=\""
                + e + "\"");
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
