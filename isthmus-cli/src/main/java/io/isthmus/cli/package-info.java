/**
 * The {@code isthmus} command line: the top-level {@link io.isthmus.cli.IsthmusCommand}, its version and error
 * handling, and option converters that every subcommand shares (addresses and prefixes).
 *
 * <p>Each subcommand group lives in its own subpackage with one class per subcommand ({@code io.isthmus.cli.xlat}
 * for {@code isthmus xlat ...}); a new group is registered in {@link io.isthmus.cli.IsthmusCommand}'s
 * {@code subcommands} list. Commands write through {@code spec.commandLine().getOut()} and {@code getErr()}, never
 * {@code System.out}, so that tests run them in-process with captured output.
 *
 * <p>Exit status convention: 0 success, 1 the operation ran and reports a negative outcome (for example a dropped
 * packet), 2 usage errors and unusable input files, with one {@code isthmus: ...} line on standard error.
 */
package io.isthmus.cli;
