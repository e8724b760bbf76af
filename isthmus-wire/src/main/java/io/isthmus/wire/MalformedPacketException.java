package io.isthmus.wire;

/**
 * Thrown by value records' {@code parse} when bytes are not a valid packet. Control plane only: the data plane
 * uses {@link WireStatus} from the views instead.
 */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WireStatus status;

    public MalformedPacketException(WireStatus status, String message) {
        super(message + " (" + status + ")");
        this.status = status;
    }

    /** The reason, as the view's length check names it. */
    public WireStatus status() {
        return status;
    }

    /** Throws unless {@code status} is {@link WireStatus#OK}. */
    public static void requireOk(WireStatus status, String what) {
        if (status != WireStatus.OK) {
            throw new MalformedPacketException(status, what);
        }
    }
}
