/**
 * Linux system calls for the agent's data plane, through {@code java.lang.foreign} only (no JNI, no JNA).
 *
 * <p>This package owns the boundary between the JVM and the kernel: {@link io.isthmus.agent.linux.LibC} binds the
 * few C library functions the agent needs ({@code open}, {@code close}, {@code read}, {@code write}, {@code ioctl},
 * {@code fcntl}, {@code poll}, {@code setns}, {@code unshare}, {@code socket}, {@code bind}, {@code setsockopt},
 * {@code recvfrom}) with {@code errno} captured by the linker; {@link io.isthmus.agent.linux.FrameDevice} is what the
 * data plane reads and writes, implemented by {@link io.isthmus.agent.linux.TunDevice} (TUN and TAP interfaces the
 * agent creates) and {@link io.isthmus.agent.linux.PacketSocket} (an existing interface through {@code AF_PACKET},
 * its offloaded checksums and TCP segmentation finished in software); {@link io.isthmus.agent.linux.NetworkNamespace}
 * runs code inside a named network namespace without moving the calling thread.
 *
 * <p>Two error conventions, following the data plane / control plane split: control-plane calls (opening a device,
 * entering a namespace) throw {@link io.isthmus.agent.linux.LinuxException} carrying the errno, its symbolic name and
 * the C library's text; hot-path calls ({@link io.isthmus.agent.linux.TunDevice#read},
 * {@link io.isthmus.agent.linux.TunDevice#write}, {@link io.isthmus.agent.linux.TunDevice#awaitReadable}) return a
 * negative errno such as {@code -}{@link io.isthmus.agent.linux.Errno#EAGAIN} and never allocate.
 *
 * <p>Everything here needs {@code --enable-native-access} for the module or class path that holds it, and
 * {@code CAP_NET_ADMIN} for TUN/TAP creation, {@code CAP_NET_RAW} for packet sockets and {@code CAP_SYS_ADMIN} for
 * {@code setns}.
 */
package io.isthmus.agent.linux;
