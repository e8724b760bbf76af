package io.isthmus.controller.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a {@link Store#range range} read, consistent at one revision.
 *
 * @param kvs the pairs, in key order (UTF-8 byte order of the keys)
 * @param more whether keys after the last one of this page match the prefix
 * @param revision the store revision the page was read at; watch from {@code revision + 1} to
 *     follow changes after this read without a gap
 */
public record RangePage(List<KeyValue> kvs, boolean more, long revision) {

    /** Copies the list. */
    public RangePage {
        kvs = List.copyOf(kvs);
    }

    /** {@return the last key of this page, to pass as {@code startAfterKey} for the next page} */
    public Optional<String> lastKey() {
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.getLast().key());
    }
}
