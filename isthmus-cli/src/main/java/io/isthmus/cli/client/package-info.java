/**
 * The controller's REST API as the resource commands of {@code io.isthmus.cli.resource} use it.
 *
 * <ul>
 *   <li>{@link io.isthmus.cli.client.Connection}: the endpoint and bearer token, each from the option, the
 *       environment ({@link io.isthmus.cli.client.Environment}, a seam for tests) or the config file, in that
 *       order.</li>
 *   <li>{@link io.isthmus.cli.client.ApiClient}: the one request helper, over {@code java.net.http}; error answers
 *       and unreachable controllers become {@link io.isthmus.cli.client.ApiException} with the lines to print.</li>
 *   <li>{@link io.isthmus.cli.client.Json} and {@link io.isthmus.cli.client.Table}: the two output forms,
 *       {@code -o json} (the API's JSON, pretty-printed) and {@code -o table} (aligned columns).</li>
 * </ul>
 *
 * <p>Nothing here knows the resources; paths, bodies and columns belong to the commands.
 */
package io.isthmus.cli.client;
