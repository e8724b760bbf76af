/**
 * What the controller decides for a caller, as deterministic pure functions over existing state passed in:
 * subnet addressing and reserved addresses ({@link io.isthmus.api.allocation.SubnetAddresses}), the lowest free
 * interface address ({@link io.isthmus.api.allocation.AddressPool}, a bitset), virtual MACs
 * ({@link io.isthmus.api.allocation.VirtualMacs}), 24-bit overlay network ids
 * ({@link io.isthmus.api.allocation.NetworkIdAllocator}), API token secrets
 * ({@link io.isthmus.api.allocation.TokenSecrets}) and free ranges on a peering router
 * ({@link io.isthmus.api.allocation.PeeringRanges}). Exhaustion is a
 * {@link io.isthmus.api.problem.ValidationException} with its catalogue problem type.
 */
package io.isthmus.api.allocation;
