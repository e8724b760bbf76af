/**
 * The controller's resources as plain records: typed ids ({@link io.isthmus.api.resource.ResourceId}), resource
 * records (what the controller decides and stores: ids, the 24-bit overlay id, gateways, MACs, the store version
 * used as ETag) and request records (what a caller may set on create or update). Records check only what makes a
 * value well formed (non-null, canonical forms); the rules a request must pass against existing state live in
 * {@code io.isthmus.api.validation}. No storage, no HTTP, no JSON binding.
 */
package io.isthmus.api.resource;
