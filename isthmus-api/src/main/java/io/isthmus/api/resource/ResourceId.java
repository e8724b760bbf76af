package io.isthmus.api.resource;

/**
 * A typed resource id: a record wrapping its string value in the {@link Ids} format. One type per resource kind so
 * that a subnet id can never be passed where a node id is expected; {@code toString()} is the bare value, as it
 * appears in URLs and JSON.
 */
public sealed interface ResourceId
    permits TenantId, ApiTokenId, NetworkId, SubnetId, NodeId, InterfaceId, HostId, RouteTableId, NetworkDeviceId,
    PeeringRouterId, PeeringAttachmentId, PeeringLinkId {

    /** The id as text, e.g. {@code net-3fk9x2hq7m1c}. */
    String value();
}
