/**
 * End-to-end tests on the real Linux kernel: network namespaces, veth pairs, TUN and TAP devices.
 *
 * <p>The harness: {@link io.isthmus.systemtest.NetnsFixture} creates uniquely named namespaces ({@code isxt-...}) and
 * veth pairs, runs commands with a timeout, and removes everything it made on close;
 * {@link io.isthmus.systemtest.RequiresRoot} aborts a test that is not running as root on Linux;
 * {@link io.isthmus.systemtest.TunLab} is a namespace with an addressed and routed TUN, where raw IP packets (for
 * example a translator's output) are written and what the kernel delivers to sockets, or answers, is returned;
 * {@link io.isthmus.systemtest.TestPackets} builds UDP over IPv4 or IPv6 with the wire views.
 */
package io.isthmus.systemtest;
