package io.isthmus.controller.store;

import java.io.Serial;

/**
 * The requested revision is older than the history the store retains (etcd's
 * {@code ErrCompacted}, "required revision has been compacted"). A watcher that receives it must
 * re-read the current state (a {@link Store#range range} gives the revision it read at) and watch
 * again from that revision + 1.
 */
public final class CompactedException extends StoreException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The revision the caller asked for. */
    private final long requestedRevision;
    /** The oldest revision retained. */
    private final long compactRevision;

    /**
     * Creates the exception.
     *
     * @param requestedRevision the revision the caller asked for
     * @param compactRevision the oldest revision still retained in the log
     */
    public CompactedException(long requestedRevision, long compactRevision) {
        super("required revision " + requestedRevision + " has been compacted; oldest retained revision is "
                + compactRevision);
        this.requestedRevision = requestedRevision;
        this.compactRevision = compactRevision;
    }

    /** {@return the revision the caller asked for} */
    public long requestedRevision() {
        return requestedRevision;
    }

    /** {@return the oldest revision still retained; events from this revision on can be watched} */
    public long compactRevision() {
        return compactRevision;
    }
}
