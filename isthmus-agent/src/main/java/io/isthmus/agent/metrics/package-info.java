/**
 * The agent's metrics endpoint: {@link io.isthmus.agent.metrics.AgentMetrics} is what one scrape reads (every
 * data-plane counter, zero or not, and a few gauges) rendered in the Prometheus text format;
 * {@link io.isthmus.agent.metrics.MetricsServer} serves it over HTTP at {@code GET /metrics}. Nothing here runs on
 * the data plane's threads: a scrape reads the counters the pipelines publish.
 */
package io.isthmus.agent.metrics;
