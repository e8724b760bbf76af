/**
 * Address mappings of the translator: every way an IPv4 address becomes an IPv6 address and back, each an
 * {@link io.isthmus.xlat.AddressMapper}.
 *
 * <ul>
 *   <li>{@link io.isthmus.xlat.mapping.OverlayAddressing} and {@link io.isthmus.xlat.mapping.OverlayAddressMapper}:
 *       the Isthmus overlay embedding {@code agent prefix | network id | IPv4} (DESIGN.md, "Addressing"), with
 *       anti-spoofing through an {@link io.isthmus.xlat.mapping.AgentPrefixTable};</li>
 *   <li>{@link io.isthmus.xlat.mapping.Rfc6052Mapper}: IPv4-embedded IPv6 addresses (RFC 6052), the pool6 prefix of
 *       a SIIT or NAT64;</li>
 *   <li>{@link io.isthmus.xlat.mapping.ExplicitAddressMappingTable}: the EAMT of RFC 7757;</li>
 *   <li>{@link io.isthmus.xlat.mapping.Rfc7757Mapper}: the SIIT combination, EAMT first then pool6, and the generic
 *       {@link io.isthmus.xlat.mapping.CompositeMapper};</li>
 *   <li>{@link io.isthmus.xlat.mapping.Rfc6791Source}: the IPv4 source of ICMP errors whose IPv6 source has no
 *       mapping (RFC 6791).</li>
 * </ul>
 *
 * <p>Mapping methods run per packet: they neither allocate nor throw. Configuration (constructors, builders,
 * {@code parse}) allocates freely and throws {@link IllegalArgumentException} with a message an operator can act
 * on. Tables are immutable snapshots; a control thread builds a new one and swaps it in (see
 * {@link io.isthmus.xlat.mapping.OverlayAddressMapper#replaceTable}).
 */
package io.isthmus.xlat.mapping;
