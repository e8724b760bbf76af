/**
 * The controller: system manager, network routing manager, peering propagation and metering, behind the REST API and
 * the stores.
 */
package io.isthmus.controller;
