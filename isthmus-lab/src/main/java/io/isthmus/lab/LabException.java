package io.isthmus.lab;

/**
 * A lab operation that cannot be done or failed: not root, a lab already up or missing, an unknown node, a command
 * that failed. The message is one sentence for the operator, without a stack trace.
 */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with its operator-facing message. */
    public LabException(String message) {
        super(message);
    }

    /** An error with its operator-facing message and the failure behind it. */
    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
