/**
 * The lab: an Isthmus deployment in network namespaces on one Linux machine, for demos, tests and exploration.
 * {@link io.isthmus.lab.Lab} builds the substrate (a router namespace routing each host's agent prefix to the host's
 * namespace), starts one {@code isthmus agent} process per host, places nodes as namespaces that the agents attach
 * through their attachment directories, runs commands inside nodes and tears everything down again.
 * {@link io.isthmus.lab.LabLayout} names every namespace, address and file; {@link io.isthmus.lab.LabState} is what a
 * lab remembers between commands.
 */
package io.isthmus.lab;
