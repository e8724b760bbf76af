package io.isthmus.api.validation;

/**
 * Quotas the controller enforces, configurable per deployment. Reaching one is
 * {@link io.isthmus.api.problem.ProblemType#LIMIT_EXCEEDED} (or {@code ROUTE_LIMIT_EXCEEDED} for routes).
 *
 * @param cidrBlocksPerNetwork CIDR blocks of one network (AWS: 5)
 * @param subnetsPerNetwork    subnets of one network (AWS: 200)
 * @param interfacesPerNode    interfaces of one node
 * @param routesPerTable       static routes of one route table (learned and propagated routes are limited by the
 *                             routing manager's max-prefix settings instead)
 * @param targetsPerRoute      targets of one route: appliance interfaces of an ECMP group
 */
public record Limits(int cidrBlocksPerNetwork, int subnetsPerNetwork, int interfacesPerNode, int routesPerTable,
                     int targetsPerRoute) {
    /** 5 CIDR blocks, 200 subnets, 8 interfaces per node, 100 routes per table, 8 targets per route. */
    public static final Limits DEFAULT = new Limits(5, 200, 8, 100, 8);

    /** Rejects a limit below 1. */
    public Limits {
        if (cidrBlocksPerNetwork < 1 || subnetsPerNetwork < 1 || interfacesPerNode < 1 || routesPerTable < 1
            || targetsPerRoute < 1) {
            throw new IllegalArgumentException("every limit is at least 1: " + this);
        }
    }
}
