package io.isthmus.controller.store;

import java.util.List;

/**
 * The outcome of {@link Store#txn}.
 *
 * @param succeeded whether every compare held (the success branch ran) or not (the failure branch ran)
 * @param revision the store revision after the transaction: the revision it wrote at if it changed
 *     anything, otherwise the revision it read at
 * @param results one result per op of the branch that ran, in op order
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) {

    /** Copies the list. */
    public TxnResult {
        results = List.copyOf(results);
    }

    /**
     * The result of one op, typed.
     *
     * @param index op index in the branch that ran
     * @param type the expected result type
     * @param <T> the result type
     * @return the result at {@code index}
     * @throws ClassCastException if the op at {@code index} was of another kind
     */
    public <T extends OpResult> T result(int index, Class<T> type) {
        return type.cast(results.get(index));
    }
}
