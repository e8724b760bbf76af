package io.isthmus.controller.store;

/**
 * Receives the events of a {@link Watch}. Both methods are called on the watch's own delivery
 * thread, never on a writer's thread and never concurrently for one watch; a listener may call
 * the store (including writes) from them.
 */
@FunctionalInterface
public interface WatchListener {

    /**
     * One change, in store order: revisions ascend, and events of one transaction arrive in the
     * order of its ops, one after the other. Each event is delivered exactly once.
     *
     * @param event the change
     */
    void onEvent(Event event);

    /**
     * The store cancelled the watch; no event follows. Called at most once, and not when the
     * owner closed the watch. For {@link WatchCancelledException.Reason#SLOW_CONSUMER} the
     * events delivered end at a transaction boundary, so the owner may resume with a new watch
     * from the last delivered revision + 1 (if not compacted meanwhile).
     *
     * @param reason why, with {@link WatchCancelledException#reason()}
     */
    default void onCancelled(WatchCancelledException reason) {
    }
}
