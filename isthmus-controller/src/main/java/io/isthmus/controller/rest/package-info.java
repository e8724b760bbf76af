/**
 * The REST API under {@code /v1}: JSON representations of the resources, request parsing with field-level
 * problems (RFC 9457 {@code application/problem+json}), bearer-token authentication (operator or tenant),
 * conditional updates with {@code ETag} and {@code If-Match}, cursor pagination, and the OpenAPI document derived from
 * the route table. Served by the JDK's HTTP server on virtual threads.
 */
package io.isthmus.controller.rest;
