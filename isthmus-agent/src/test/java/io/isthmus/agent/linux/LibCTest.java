package io.isthmus.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The bindings on calls that need no privilege; the kernel-facing tests are in isthmus-system-tests. */
class LibCTest {
    @Test
    void errnoNamesFollowLinux() {
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Errno.EINVAL)).isEqualTo("EINVAL");
        assertThat(Errno.name(Errno.EBUSY)).isEqualTo("EBUSY");
        assertThat(Errno.name(Errno.EMSGSIZE)).isEqualTo("EMSGSIZE");
        assertThat(Errno.name(Errno.ENOBUFS)).isEqualTo("ENOBUFS");
        assertThat(Errno.name(133)).isEqualTo("EHWPOISON");
        assertThat(Errno.name(0)).isEqualTo("errno 0");
        assertThat(Errno.name(4242)).isEqualTo("errno 4242");
    }

    @Test
    void aFailedOpenCarriesTheCapturedErrnoAndItsText() {
        assertThatThrownBy(() -> LibC.open("/nonexistent/isthmus", LibC.O_RDONLY))
            .isInstanceOfSatisfying(LinuxException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                assertThat(e.errnoName()).isEqualTo("ENOENT");
                assertThat(e.operation()).isEqualTo("open(/nonexistent/isthmus)");
            })
            .hasMessage("open(/nonexistent/isthmus): ENOENT (No such file or directory)");
    }

    @Test
    void closingABadDescriptorIsEbadf() {
        assertThatThrownBy(() -> LibC.close(-1))
            .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void hotPathCallsReturnNegativeErrno() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.allocateCallState(arena);
            MemorySegment buffer = arena.allocate(16);
            assertThat(LibC.read(-1, buffer.address(), 16, state)).isEqualTo(-Errno.EBADF);
            assertThat(LibC.write(-1, buffer.address(), 16, state)).isEqualTo(-Errno.EBADF);
        }
    }

    @Test
    void readWriteAndPollWorkOnAFile() throws Exception {
        int fd = LibC.open("/dev/zero", LibC.O_RDWR | LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.allocateCallState(arena);
            MemorySegment buffer = arena.allocate(64);
            buffer.fill((byte) 7);
            assertThat(LibC.read(fd, buffer.address() + 8, 16, state)).isEqualTo(16);
            assertThat(buffer.get(ValueLayout.JAVA_BYTE, 7)).isEqualTo((byte) 7);
            assertThat(buffer.get(ValueLayout.JAVA_BYTE, 8)).isZero();
            assertThat(buffer.get(ValueLayout.JAVA_BYTE, 23)).isZero();
            assertThat(buffer.get(ValueLayout.JAVA_BYTE, 24)).isEqualTo((byte) 7);
            assertThat(LibC.write(fd, buffer.address(), 64, state)).isEqualTo(64);

            MemorySegment pollfd = arena.allocate(LibC.POLLFD_SIZE, 8);
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, LibC.POLLFD_EVENTS, LibC.POLLIN);
            assertThat(LibC.poll(pollfd, 1, 0, state)).isEqualTo(1);
            assertThat(pollfd.get(ValueLayout.JAVA_SHORT, LibC.POLLFD_REVENTS) & LibC.POLLIN).isEqualTo(LibC.POLLIN);

            int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
            LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
            assertThat(LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK).isEqualTo(LibC.O_NONBLOCK);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void anIoctlTheDeviceDoesNotKnowIsReported() throws Exception {
        int fd = LibC.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> LibC.ioctl(fd, TunDevice.TUNSETIFF, arena.allocate(TunDevice.IFREQ_SIZE),
                "TUNSETIFF on /dev/null"))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOTTY"))
                .hasMessageStartingWith("ioctl(TUNSETIFF on /dev/null): ENOTTY (");
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void namespaceNamesAreValidated() {
        assertThat(NetworkNamespace.named("isxt-a").path()).hasToString("/var/run/netns/isxt-a");
        for (String bad : new String[] {"", ".", "..", "a/b"}) {
            assertThatThrownBy(() -> NetworkNamespace.named(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void enteringAMissingNamespaceFailsOnTheWorkerAndIsRethrown() {
        NetworkNamespace missing = NetworkNamespace.named("isthmus-no-such-namespace");
        assertThat(missing.exists()).isFalse();
        assertThatThrownBy(() -> missing.runIn(() -> "never"))
            .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
            .hasMessageContaining("/var/run/netns/isthmus-no-such-namespace");
    }

    @Test
    void aNameLongerThanIfnamsizIsRefused() {
        assertThatThrownBy(() -> TunDevice.open("0123456789abcdef", TunDevice.Mode.TUN))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
