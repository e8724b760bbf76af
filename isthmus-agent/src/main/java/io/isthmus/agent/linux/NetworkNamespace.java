package io.isthmus.agent.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A named network namespace, as {@code ip netns add} makes them: a bind mount under {@link #NETNS_DIR}.
 *
 * <p>{@link #runIn} runs code inside the namespace on a fresh platform thread that calls
 * {@code setns(CLONE_NEWNET)} first and ends afterwards, so the calling thread, and any pool thread, never changes
 * namespace. What the code creates there stays there: a socket belongs to the namespace it was created in for its
 * whole life, whichever thread uses it later, and so does a {@link TunDevice}.
 */
public final class NetworkNamespace {
    /** Where iproute2 keeps named network namespaces. */
    public static final Path NETNS_DIR = Path.of("/var/run/netns");

    private final String name;
    private final Path path;

    private NetworkNamespace(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    /**
     * The namespace {@code ip netns} knows as {@code name}. It is not opened here; {@link #exists()} tells whether
     * it is there.
     *
     * @throws IllegalArgumentException when {@code name} is empty, {@code .}, {@code ..} or contains a {@code /}
     */
    public static NetworkNamespace named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
            || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
        return new NetworkNamespace(name, NETNS_DIR.resolve(name));
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }

    /** The namespace's file, which {@code setns} opens. */
    public Path path() {
        return path;
    }

    /** Whether the namespace's file exists. */
    public boolean exists() {
        return Files.exists(path);
    }

    /**
     * Runs {@code task} inside this namespace on a new platform thread and waits for it.
     *
     * @return what {@code task} returned
     * @throws LinuxException when the namespace cannot be opened or entered (for example {@code ENOENT} when it does
     *     not exist, {@code EPERM} without {@code CAP_SYS_ADMIN})
     * @throws InterruptedException when the calling thread is interrupted while waiting; the task's thread is
     *     interrupted too
     * @throws Exception whatever {@code task} threw, unchanged
     */
    public <T> T runIn(Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        var outcome = new Object() {
            T value;
            Throwable failure;
        };
        Thread worker = Thread.ofPlatform().name("netns-" + name).daemon(true).unstarted(() -> {
            try {
                enterCurrentThread();
                outcome.value = task.call();
            } catch (Throwable t) {
                outcome.failure = t;
            }
        });
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        }
        Throwable failure = outcome.failure;
        if (failure == null) {
            return outcome.value;
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        throw (Error) failure;
    }

    // Only ever called on the dedicated thread runIn starts, which ends after its task.
    private void enterCurrentThread() throws LinuxException {
        int fd = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            LibC.setns(fd, LibC.CLONE_NEWNET, path.toString());
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkNamespace other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
