/**
 * Peering propagation: what each network reaches through the peering routers it is attached to. The computation
 * ({@link io.isthmus.controller.peering.PeeringComputation}, pure) turns the store's peering state
 * ({@link io.isthmus.controller.peering.PeeringState}: active attachments, active links, the attached networks and
 * their subnets) into one {@code NetworkPeeringInfo} per attached network: its attachments' policies and the peer
 * ranges both sides' filters let through, translated into the network's view, with the path of routers crossed
 * ({@link io.isthmus.controller.peering.RouterHops} gives each router's hop address). The manager
 * ({@link io.isthmus.controller.peering.PeeringManager}, behind {@link io.isthmus.controller.peering.PeeringViews})
 * keeps the views up to date from the store's change log and the attachments' expiry times, tells listeners of the
 * networks whose view changed (the agent channel pushes {@code PEERING_UPSERT}; the routing manager adds the
 * propagated routes to the route tables) and meters routing updates.
 */
package io.isthmus.controller.peering;
