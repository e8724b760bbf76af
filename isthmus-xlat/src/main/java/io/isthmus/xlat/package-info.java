/**
 * Stateless IP/ICMP translation (RFC 7915) between IPv4 and IPv6, without encapsulation.
 *
 * <p>{@link io.isthmus.xlat.Translator} rewrites one packet per call into a caller-owned scratch buffer and hands
 * every packet it emits (the translation, its fragments, or an ICMP error for the sender) to a
 * {@link io.isthmus.xlat.PacketSink}. Addresses come from an {@link io.isthmus.xlat.AddressMapper}; the mappers
 * themselves live in {@code io.isthmus.xlat.mapping}. Nothing on the translation path allocates or throws: every
 * packet ends with a {@link io.isthmus.xlat.TranslationResult}, drops included.
 */
package io.isthmus.xlat;
