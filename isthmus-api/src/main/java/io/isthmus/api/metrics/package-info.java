/**
 * The Prometheus text exposition format (version 0.0.4) that the controller's and the agents' {@code /metrics}
 * endpoints serve: {@link io.isthmus.api.metrics.PrometheusText} writes metric families with their HELP and TYPE
 * lines and escapes label values. What is measured belongs to each component.
 */
package io.isthmus.api.metrics;
