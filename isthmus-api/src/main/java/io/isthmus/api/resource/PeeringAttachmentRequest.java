package io.isthmus.api.resource;

/**
 * What a caller sets when attaching a network to a peering router: the network, its policy (null:
 * {@link AttachmentPolicy#DEFAULTS}) and how long it should stay active (0: as long as the router allows). Fields may
 * be null here; validation reports them.
 */
public record PeeringAttachmentRequest(NetworkId networkId, AttachmentPolicy policy, long durationSeconds) {
}
