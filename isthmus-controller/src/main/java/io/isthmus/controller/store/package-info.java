/**
 * The controller's state store: one etcd-v3-shaped interface ({@link io.isthmus.controller.store.Store})
 * over versioned keys, with compare-and-swap transactions and ordered change watches, and its
 * embedded implementation ({@link io.isthmus.controller.store.SqliteStore}, a single SQLite file
 * under the controller's data directory).
 *
 * <p>This package owns persistence and the revision/watch model only. It knows nothing of
 * resources: managers above it map resources to keys (paths such as {@code /networks/<id>}) and
 * values (their serialized form), and every invariant that spans keys (an address or a CIDR taken
 * by exactly one resource) is enforced with a {@link io.isthmus.controller.store.Txn} whose
 * compares guard the claim keys. Nothing here offers a query that etcd cannot answer (no
 * secondary indexes, no joins, no scans other than by key prefix), so a later etcd-backed
 * {@code Store} is a drop-in replacement.
 *
 * <p>Model, as etcd defines it: the store has one global revision, incremented once per write
 * transaction that changes at least one key; every key carries its create revision, its last
 * modification revision and its version (number of puts since creation; a delete removes the key,
 * so a later put starts again at version 1). Every change is logged as an {@link
 * io.isthmus.controller.store.Event} at its revision until {@linkplain
 * io.isthmus.controller.store.Store#compact(long) compacted}, so a watcher can resume from the
 * revision it last saw without a gap.
 */
package io.isthmus.controller.store;
