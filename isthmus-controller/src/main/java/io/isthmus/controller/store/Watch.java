package io.isthmus.controller.store;

import java.util.Optional;

/**
 * A registered change watch, from {@link Store#watch}. Thread-safe.
 */
public interface Watch extends AutoCloseable {

    /** {@return the key prefix watched} */
    String prefix();

    /** {@return whether the store cancelled this watch (then {@link #cancellation()} says why)} */
    default boolean isCancelled() {
        return cancellation().isPresent();
    }

    /** {@return why the store cancelled this watch, or empty if it has not} */
    Optional<WatchCancelledException> cancellation();

    /**
     * Stops delivery. When this returns, no further {@link WatchListener#onEvent} call starts; a
     * call in progress on another thread is waited for (so do not close a watch while holding a
     * lock its listener needs). Called from the listener itself, it returns at once and the
     * current call is the last. Idempotent; does not call {@link WatchListener#onCancelled}.
     */
    @Override
    void close();
}
