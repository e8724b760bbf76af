package io.isthmus.controller.store;

import java.io.Serial;
import java.util.Objects;

/**
 * Why a {@link Watch} stopped delivering events other than its owner closing it. Given to
 * {@link WatchListener#onCancelled} and available from {@link Watch#cancellation()}.
 */
public final class WatchCancelledException extends StoreException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The reasons a store cancels a watch. */
    public enum Reason {
        /**
         * The listener fell more than the watch's queue capacity behind the writers (etcd's slow
         * watcher). The transactions queued before the overflow are still delivered, whole, before
         * {@link WatchListener#onCancelled}; later ones are not. Re-read (or watch again from the
         * last delivered revision + 1).
         */
        SLOW_CONSUMER,
        /** The watch was catching up from the log when the revisions it still needed were compacted. */
        COMPACTED,
        /** The listener threw from {@link WatchListener#onEvent}; the cause is the listener's exception. */
        LISTENER_FAILED,
        /** The store was closed. */
        STORE_CLOSED,
        /** Reading the log for replay failed; the cause is the store's exception. */
        STORE_FAILED
    }

    /** Why the watch was cancelled. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the watch was cancelled
     * @param message details for an operator
     * @param cause the underlying failure, or {@code null}
     */
    public WatchCancelledException(Reason reason, String message, Throwable cause) {
        super("watch cancelled (" + reason + "): " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return why the watch was cancelled} */
    public Reason reason() {
        return reason;
    }
}
