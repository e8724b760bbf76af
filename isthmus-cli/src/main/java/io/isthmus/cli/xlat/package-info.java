/**
 * {@code isthmus xlat}: commands around the RFC 7915 translator of {@code io.isthmus.xlat}, for operators and
 * developers who want to see what the data plane does to one packet.
 *
 * <p>{@link io.isthmus.cli.xlat.XlatCommand} is the group; {@link io.isthmus.cli.xlat.TranslateCommand} translates
 * one raw packet file; {@link io.isthmus.cli.xlat.PacketSummary} describes a raw IP packet on one line and is meant
 * for reuse by any command that shows packets.
 */
package io.isthmus.cli.xlat;
