/**
 * JMH benchmarks of the data plane. Each benchmark measures one unit of per-packet work on pre-built native input and
 * checks in its setup that the work is the forwarding path (not a drop); run them with {@code -prof gc}, which must
 * show ~0 B/op (STYLE.md rule 2). {@code scripts/bench-xlat} builds and runs the translator benchmarks.
 */
package io.isthmus.bench;
