/** The controller's resource model (tenants, networks, subnets, nodes, hosts, route tables) and its validation. */
package io.isthmus.api;
