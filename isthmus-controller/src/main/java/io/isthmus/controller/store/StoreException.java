package io.isthmus.controller.store;

import java.io.Serial;

/**
 * A store operation failed: the backing file or connection failed, the store is closed, or the
 * data directory is in use by another process. A write that throws this exception was rolled
 * back, except that an I/O failure during the commit itself (or a lost connection to a remote
 * store) leaves its outcome unknown: re-read before retrying.
 */
public class StoreException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for an operator
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed, for an operator
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
