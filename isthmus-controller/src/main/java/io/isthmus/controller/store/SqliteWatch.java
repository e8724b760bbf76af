package io.isthmus.controller.store;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A watch of a {@link SqliteStore}: a bounded queue filled by the writer after each commit and a
 * delivery thread that replays the log, goes live, then drains the queue into the listener.
 */
final class SqliteWatch implements Watch, Runnable {

    private final SqliteStore store;
    private final long id;
    private final String prefix;
    private final long startRevision;
    private final WatchListener listener;
    private final int capacity;

    /** Guards {@link #queue}; {@link #changed} is signalled on enqueue, close and cancel. */
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition changed = queueLock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();

    /** Held by the delivery thread while the listener runs, so that {@link #close()} can wait it out. */
    private final ReentrantLock deliveryLock = new ReentrantLock();

    private volatile boolean closed;
    private volatile WatchCancelledException cancellation;
    private volatile Thread thread;

    SqliteWatch(SqliteStore store, long id, String prefix, long startRevision, WatchListener listener,
            int capacity) {
        this.store = store;
        this.id = id;
        this.prefix = prefix;
        this.startRevision = startRevision;
        this.listener = listener;
        this.capacity = capacity;
    }

    void start() {
        thread = Thread.ofVirtual().name("isthmus-store-watch-" + id).unstarted(this);
        thread.start();
    }

    @Override
    public String prefix() {
        return prefix;
    }

    int capacity() {
        return capacity;
    }

    boolean isStopped() {
        return closed || cancellation != null;
    }

    @Override
    public Optional<WatchCancelledException> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /**
     * Offers one committed transaction's events, all or none, without blocking; called by the
     * writer under the store's write lock. Cancels the watch as a slow consumer if they do not fit,
     * so that delivered events always end at a transaction boundary.
     *
     * @return whether the watch is still live
     */
    boolean offerTransaction(List<Event> events) {
        if (isStopped()) return false;
        queueLock.lock();
        try {
            int matching = 0;
            for (Event e : events) {
                if (matches(e)) matching++;
            }
            if (matching == 0) return true;
            if (queue.size() + matching > capacity) {
                cancel(new WatchCancelledException(WatchCancelledException.Reason.SLOW_CONSUMER,
                        "watch " + id + " on '" + prefix + "' fell " + queue.size() + " events behind (capacity "
                                + capacity + ") at revision " + events.getFirst().revision(), null));
                return false;
            }
            for (Event e : events) {
                if (matches(e)) queue.add(e);
            }
            changed.signalAll();
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    /** A watch from a future revision goes live before reaching it, so live events are filtered by revision too. */
    private boolean matches(Event e) {
        return e.revision() >= startRevision && e.key().startsWith(prefix);
    }

    /** Enqueues the log tail read under the write lock when going live. */
    void enqueueTail(List<Event> events) {
        queueLock.lock();
        try {
            queue.addAll(events);
            changed.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Cancels the watch (first reason wins); the delivery thread reports it to the listener. A
     * slow consumer still receives the whole transactions already queued; for other reasons the
     * queue is dropped.
     */
    void cancel(WatchCancelledException reason) {
        queueLock.lock();
        try {
            if (cancellation == null && !closed) cancellation = reason;
            if (reason.reason() != WatchCancelledException.Reason.SLOW_CONSUMER) queue.clear();
            changed.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    @Override
    public void close() {
        queueLock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            queueLock.unlock();
        }
        store.unregister(this);
        if (Thread.currentThread() != thread) {
            // Wait for a listener call in progress, so none runs after close returns.
            deliveryLock.lock();
            deliveryLock.unlock();
        }
    }

    @Override
    public void run() {
        try {
            if (!replay()) return;
            while (true) {
                Event e;
                queueLock.lock();
                try {
                    while (queue.isEmpty() && !isStopped()) changed.awaitUninterruptibly();
                    // Cancelled: deliver what is queued (whole transactions), then report.
                    if (closed || queue.isEmpty()) return;
                    e = queue.poll();
                } finally {
                    queueLock.unlock();
                }
                if (!deliver(e)) return;
            }
        } catch (CompactedException e) {
            cancel(new WatchCancelledException(WatchCancelledException.Reason.COMPACTED,
                    "watch " + id + " on '" + prefix + "' needs revision " + e.requestedRevision()
                            + ", compacted to " + e.compactRevision(), e));
        } catch (RuntimeException e) {
            cancel(store.isClosed()
                    ? new WatchCancelledException(WatchCancelledException.Reason.STORE_CLOSED, "store closed", null)
                    : new WatchCancelledException(WatchCancelledException.Reason.STORE_FAILED,
                            "watch " + id + " could not read the log: " + e.getMessage(), e));
        } finally {
            finish();
        }
    }

    /**
     * Delivers the logged events from the start revision, then goes live.
     *
     * @return whether the watch is live (false if stopped meanwhile)
     */
    private boolean replay() {
        long rev = startRevision;
        int seq = 0;
        while (!isStopped()) {
            SqliteStore.LogPage page = store.readLog(prefix, rev, seq, 512);
            for (Event e : page.events()) {
                if (!deliver(e)) return false;
            }
            rev = page.nextRevision();
            seq = page.nextSeq();
            if (page.events().size() < 512 && store.goLive(this, rev, seq)) return !isStopped();
        }
        return false;
    }

    private boolean deliver(Event e) {
        deliveryLock.lock();
        try {
            if (closed) return false;
            try {
                listener.onEvent(e);
            } catch (Throwable t) {
                cancel(new WatchCancelledException(WatchCancelledException.Reason.LISTENER_FAILED,
                        "listener of watch " + id + " threw on revision " + e.revision(), t));
                return false;
            }
            return true;
        } finally {
            deliveryLock.unlock();
        }
    }

    private void finish() {
        store.unregister(this);
        WatchCancelledException reason = cancellation;
        if (reason != null && !closed) {
            try {
                listener.onCancelled(reason);
            } catch (RuntimeException ignored) {
                // The watch is over; nothing to report the listener's failure to.
            }
        }
    }

    @Override
    public String toString() {
        return "Watch[" + id + ", prefix=" + prefix + ", from=" + startRevision
                + (closed ? ", closed" : cancellation != null ? ", cancelled " + cancellation.reason() : "") + "]";
    }
}
