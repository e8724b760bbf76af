/**
 * The resource commands of {@code isthmus}: {@code tenant}, {@code token}, {@code host} (operator token) and
 * {@code network}, {@code subnet}, {@code node}, {@code route-table}, {@code route}, {@code device} (tenant token),
 * each a verb on the controller's REST API ({@code /v1}).
 *
 * <p>Each group is one class ({@link io.isthmus.cli.resource.NetworkCommand}) with one nested class per verb. The
 * verbs share their patterns instead of repeating them: {@link io.isthmus.cli.resource.ApiCommand} (connection and
 * output options, exit status, printing), {@link io.isthmus.cli.resource.ListCommand} (pagination),
 * {@link io.isthmus.cli.resource.GetCommand} and {@link io.isthmus.cli.resource.DeleteCommand}; a verb names its
 * path and, for creates and updates, builds its body. {@link io.isthmus.cli.resource.Views} holds the table columns
 * of every kind of resource.
 *
 * <p>To add a verb: a nested class extending one of the bases, listed in its group's {@code subcommands}. To add a
 * group: a class extending {@link io.isthmus.cli.resource.Group}, listed in {@link io.isthmus.cli.IsthmusCommand}.
 */
package io.isthmus.cli.resource;
