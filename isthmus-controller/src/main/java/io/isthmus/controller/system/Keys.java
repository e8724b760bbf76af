package io.isthmus.controller.system;

import io.isthmus.api.resource.ApiTokenId;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv6Prefix;

/**
 * The key layout of the system manager in the {@link io.isthmus.controller.store.Store}. Every listing is one
 * prefix range; anything else found by a value (a token by its hash, a subnet or node by its id alone, an address's
 * holder) has an index or claim key written in the same transaction as the resource.
 *
 * <pre>
 * resources (value: {@link ResourceCodec}; a resource's version is its key's modRevision)
 *   /tenants/&lt;tenantId&gt;
 *   /tokens/&lt;tenantId&gt;/&lt;tokenId&gt;
 *   /hosts/&lt;hostId&gt;
 *   /networks/&lt;tenantId&gt;/&lt;networkId&gt;
 *   /subnets/&lt;networkId&gt;/&lt;subnetId&gt;
 *   /route-tables/&lt;networkId&gt;/&lt;subnetId&gt;   (ranged per network: node updates check every table)
 *   /nodes/&lt;networkId&gt;/&lt;nodeId&gt;
 *   /peering-routers/&lt;tenantId&gt;/&lt;routerId&gt;
 *   /peering-attachments/&lt;routerId&gt;/&lt;attachmentId&gt;
 *   /peering-links/&lt;linkId&gt;
 *   /detached-attachments/&lt;attachmentId&gt;  (an attachment as it was when detached, with its detach time: kept
 *                                         for metering, forever)
 * claims (created with Compare.absent, so one of concurrent claimants wins; value: the holder's id, UTF-8)
 *   /tenant-names/&lt;name&gt;                     -&gt; tenantId
 *   /token-names/&lt;tenantId&gt;/&lt;name&gt;          -&gt; tokenId
 *   /token-hashes/&lt;sha256 hex&gt;               -&gt; "tenantId/tokenId" (authenticate)
 *   /host-prefixes/&lt;high16hex&gt;&lt;low16hex&gt;-&lt;len&gt; -&gt; hostId
 *   /network-names/&lt;tenantId&gt;/&lt;name&gt;        -&gt; networkId
 *   /overlay-ids/&lt;6 hex digits&gt;              -&gt; networkId (hex: key order is numeric order)
 *   /addresses/&lt;networkId&gt;/&lt;8 hex digits&gt;   -&gt; "nodeId/interfaceId"
 *   /peering-router-names/&lt;tenantId&gt;/&lt;name&gt; -&gt; routerId
 * indexes (value: UTF-8 id)
 *   /subnet-index/&lt;subnetId&gt;                -&gt; networkId
 *   /node-index/&lt;nodeId&gt;                    -&gt; networkId
 *   /host-nodes/&lt;hostId&gt;/&lt;nodeId&gt;           -&gt; networkId (nodes placed on a host)
 *   /peering-router-index/&lt;routerId&gt;      -&gt; tenantId
 *   /peering-attachment-index/&lt;attachmentId&gt; -&gt; routerId
 *   /network-peerings/&lt;networkId&gt;/&lt;attachmentId&gt; -&gt; routerId (the attachments of a network)
 *   /router-links/&lt;routerId&gt;/&lt;linkId&gt;   -&gt; the other router's id (both ends have one)
 *   /tenant-detached-attachments/&lt;networkTenantId&gt;/&lt;attachmentId&gt; -&gt; networkId (the detached attachments
 *                                         a tenant's networks had)
 *   /overlay-cursor                          -&gt; last overlay id allocated (decimal; a hint, not a guard)
 * generations (empty values; only their etcd version matters, see {@link StoreAccess})
 *   /gen/hosts                  bumped by host register/delete; guards the host set register validates
 *   /gen/tenants/&lt;tenantId&gt;      bumped by network create/delete, token issue/revoke; guards tenant delete
 *   /gen/host-nodes/&lt;hostId&gt;     bumped by node create/delete/move; guards host delete
 *   /gen/networks/&lt;networkId&gt;    bumped by every structural change in the network
 *   /gen/peering-routers/&lt;routerId&gt; bumped by every attachment change; guards overlap checks and router delete
 * </pre>
 */
public final class Keys {
    private Keys() {
    }

    // Resources

    /** {@return the prefix of every tenant} */
    public static String tenants() {
        return "/tenants/";
    }

    /** {@return the key of a tenant} */
    public static String tenant(TenantId id) {
        return tenants() + id.value();
    }

    /** {@return the prefix of a tenant's tokens} */
    public static String tokens(TenantId tenant) {
        return "/tokens/" + tenant.value() + "/";
    }

    /** {@return the key of a token} */
    public static String token(TenantId tenant, ApiTokenId id) {
        return tokens(tenant) + id.value();
    }

    /** {@return the prefix of every host} */
    public static String hosts() {
        return "/hosts/";
    }

    /** {@return the key of a host} */
    public static String host(HostId id) {
        return hosts() + id.value();
    }

    /** {@return the prefix of a tenant's networks} */
    public static String networks(TenantId tenant) {
        return "/networks/" + tenant.value() + "/";
    }

    /** {@return the key of a network} */
    public static String network(TenantId tenant, NetworkId id) {
        return networks(tenant) + id.value();
    }

    /** {@return the prefix of a network's subnets} */
    public static String subnets(NetworkId network) {
        return "/subnets/" + network.value() + "/";
    }

    /** {@return the key of a subnet} */
    public static String subnet(NetworkId network, SubnetId id) {
        return subnets(network) + id.value();
    }

    /** {@return the prefix of a network's route tables} */
    public static String routeTables(NetworkId network) {
        return "/route-tables/" + network.value() + "/";
    }

    /** {@return the key of a subnet's route table} */
    public static String routeTable(NetworkId network, SubnetId subnet) {
        return routeTables(network) + subnet.value();
    }

    /** {@return the prefix of a network's nodes} */
    public static String nodes(NetworkId network) {
        return "/nodes/" + network.value() + "/";
    }

    /** {@return the key of a node} */
    public static String node(NetworkId network, NodeId id) {
        return nodes(network) + id.value();
    }

    // Claims

    /** {@return the claim of a tenant name} */
    public static String tenantName(String name) {
        return "/tenant-names/" + name;
    }

    /** {@return the claim of a token name within its tenant} */
    public static String tokenName(TenantId tenant, String name) {
        return "/token-names/" + tenant.value() + "/" + name;
    }

    /** {@return the prefix of a tenant's token-name claims} */
    public static String tokenNames(TenantId tenant) {
        return "/token-names/" + tenant.value() + "/";
    }

    /** {@return the key of a token's secret hash} */
    public static String tokenHash(String sha256) {
        return "/token-hashes/" + sha256;
    }

    /** {@return the claim of a host's substrate prefix} */
    public static String hostPrefix(Ipv6Prefix prefix) {
        return "/host-prefixes/" + "%016x%016x-%d".formatted(prefix.high(), prefix.low(), prefix.length());
    }

    /** {@return the claim of a network name within its tenant} */
    public static String networkName(TenantId tenant, String name) {
        return "/network-names/" + tenant.value() + "/" + name;
    }

    /** {@return the prefix of every overlay id claim} */
    public static String overlayIds() {
        return "/overlay-ids/";
    }

    /** {@return the claim of an overlay id} */
    public static String overlayId(int id) {
        return overlayIds() + "%06x".formatted(id);
    }

    /** {@return the overlay id of a claim key} */
    public static int overlayIdOf(String key) {
        return Integer.parseInt(key.substring(overlayIds().length()), 16);
    }

    /** {@return the key of the last allocated overlay id} */
    public static String overlayCursor() {
        return "/overlay-cursor";
    }

    /** {@return the claim of an interface address within its network} */
    public static String address(NetworkId network, int address) {
        return "/addresses/" + network.value() + "/" + "%08x".formatted(address);
    }

    // Indexes

    /** {@return the index of a subnet id to its network id} */
    public static String subnetIndex(SubnetId id) {
        return "/subnet-index/" + id.value();
    }

    /** {@return the index of a node id to its network id} */
    public static String nodeIndex(NodeId id) {
        return "/node-index/" + id.value();
    }

    /** {@return the prefix of the nodes placed on a host} */
    public static String hostNodes(HostId host) {
        return "/host-nodes/" + host.value() + "/";
    }

    /** {@return the key of a node placed on a host} */
    public static String hostNode(HostId host, NodeId node) {
        return hostNodes(host) + node.value();
    }

    // Generations

    /** {@return the generation of the host set} */
    public static String hostsGeneration() {
        return "/gen/hosts";
    }

    /** {@return the generation of a tenant's networks and tokens} */
    public static String tenantGeneration(TenantId tenant) {
        return "/gen/tenants/" + tenant.value();
    }

    /** {@return the generation of the nodes placed on a host} */
    public static String hostNodesGeneration(HostId host) {
        return "/gen/host-nodes/" + host.value();
    }

    /** {@return the generation of a network's contents} */
    public static String networkGeneration(NetworkId network) {
        return "/gen/networks/" + network.value();
    }

    // Peering

    /** {@return the prefix of a tenant's peering routers} */
    public static String peeringRouters(TenantId tenant) {
        return "/peering-routers/" + tenant.value() + "/";
    }

    /** {@return the key of a peering router} */
    public static String peeringRouter(TenantId tenant, PeeringRouterId id) {
        return peeringRouters(tenant) + id.value();
    }

    /** {@return the claim of a peering router name within its tenant} */
    public static String peeringRouterName(TenantId tenant, String name) {
        return "/peering-router-names/" + tenant.value() + "/" + name;
    }

    /** {@return the index of a peering router id to its tenant id} */
    public static String peeringRouterIndex(PeeringRouterId id) {
        return "/peering-router-index/" + id.value();
    }

    /** {@return the prefix of a peering router's attachments} */
    public static String peeringAttachments(PeeringRouterId router) {
        return "/peering-attachments/" + router.value() + "/";
    }

    /** {@return the key of a peering attachment} */
    public static String peeringAttachment(PeeringRouterId router, PeeringAttachmentId id) {
        return peeringAttachments(router) + id.value();
    }

    /** {@return the index of a peering attachment id to its router id} */
    public static String peeringAttachmentIndex(PeeringAttachmentId id) {
        return "/peering-attachment-index/" + id.value();
    }

    /** {@return the prefix of a network's attachments (values: router ids)} */
    public static String networkPeerings(NetworkId network) {
        return "/network-peerings/" + network.value() + "/";
    }

    /** {@return the key of one of a network's attachments} */
    public static String networkPeering(NetworkId network, PeeringAttachmentId id) {
        return networkPeerings(network) + id.value();
    }

    /** {@return the generation of a peering router's attachments} */
    public static String peeringRouterGeneration(PeeringRouterId router) {
        return "/gen/peering-routers/" + router.value();
    }

    /** {@return the key of a link between peering routers} */
    public static String peeringLink(PeeringLinkId id) {
        return "/peering-links/" + id.value();
    }

    /** {@return the prefix of a router's links} */
    public static String routerLinks(PeeringRouterId router) {
        return "/router-links/" + router.value() + "/";
    }

    /** {@return the key of one of a router's links} */
    public static String routerLink(PeeringRouterId router, PeeringLinkId id) {
        return routerLinks(router) + id.value();
    }

    /** {@return the key of a detached attachment, as metering keeps it} */
    public static String detachedAttachment(PeeringAttachmentId id) {
        return "/detached-attachments/" + id.value();
    }

    /** {@return the prefix of the detached attachments of a tenant's networks (values: network ids)} */
    public static String tenantDetachedAttachments(TenantId networkTenant) {
        return "/tenant-detached-attachments/" + networkTenant.value() + "/";
    }

    /** {@return the key of one detached attachment of a tenant's network} */
    public static String tenantDetachedAttachment(TenantId networkTenant, PeeringAttachmentId id) {
        return tenantDetachedAttachments(networkTenant) + id.value();
    }
}
