/**
 * The controller's resource model and its rules: {@code resource} (typed ids, resource and request records),
 * {@code problem} (RFC 9457 problem types and the validation exception), {@code validation} (rules per resource,
 * names, limits) and {@code allocation} (addresses, MACs, overlay network ids, token secrets). No storage, no HTTP.
 */
package io.isthmus.api;
