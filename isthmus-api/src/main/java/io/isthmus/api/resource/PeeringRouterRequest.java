package io.isthmus.api.resource;

/**
 * What a caller sets when creating a peering router, or changing one (PATCH: a null field is left as it is; on
 * create, null restrictions are {@link PeeringRestrictions#NONE}). Fields may be null here; validation reports them.
 */
public record PeeringRouterRequest(String name, PeeringRestrictions restrictions) {
}
