package io.isthmus.agent.linux;

import java.io.IOException;
import java.io.Serial;

/**
 * A failed Linux system call on the control plane: the operation, its errno, the errno's symbolic name and the C
 * library's description. The message reads like {@code "ioctl(TUNSETIFF) for 'bad/name': EINVAL (Invalid argument)"}.
 *
 * <p>Hot-path calls never throw this; they return the negated errno.
 */
public final class LinuxException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The errno value. */
    private final int errno;
    /** What was being done, for example {@code "open(/dev/net/tun)"}. */
    private final String operation;

    /**
     * Creates the exception for {@code operation} failing with {@code errno}.
     *
     * @param operation the call and its salient arguments, for example {@code "setns(/var/run/netns/a)"}
     * @param errno the positive errno value the call left
     */
    public LinuxException(String operation, int errno) {
        super(operation + ": " + Errno.name(errno) + " (" + LibC.strerror(errno) + ")");
        this.operation = operation;
        this.errno = errno;
    }

    /** The positive errno value, comparable with the constants of {@link Errno}. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, for example {@code "EINVAL"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The operation that failed, as given when the exception was made. */
    public String operation() {
        return operation;
    }
}
