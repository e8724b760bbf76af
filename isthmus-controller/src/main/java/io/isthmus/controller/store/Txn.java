package io.isthmus.controller.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An atomic compare-then-act transaction, as etcd's {@code TxnRequest}: if every compare holds,
 * the success ops run, otherwise the failure ops run; either way as one atomic step at one
 * revision. Immutable; build with {@code Txn.when(compares...).then(ops...).orElse(ops...)}.
 *
 * <p>As etcd, a branch may write a key at most once: two ops of a branch may not put the same key,
 * nor put a key that a delete of the same branch removes ({@link IllegalArgumentException}).
 * {@link Op.Get} ops may appear anywhere and see the branch's earlier writes.
 *
 * @param compares all must hold for the success branch (an empty list always holds)
 * @param success ops run when every compare holds
 * @param failure ops run otherwise
 */
public record Txn(List<Compare> compares, List<Op> success, List<Op> failure) {

    /** Copies and validates the lists. */
    public Txn {
        compares = List.copyOf(compares);
        success = List.copyOf(success);
        failure = List.copyOf(failure);
        checkBranch(success, "success");
        checkBranch(failure, "failure");
    }

    /**
     * Starts a transaction with these compares.
     *
     * @param compares the guards
     * @return a transaction with these compares and empty branches
     */
    public static Txn when(Compare... compares) {
        return new Txn(List.of(compares), List.of(), List.of());
    }

    /**
     * Sets the success branch.
     *
     * @param ops the success branch
     * @return a copy of this transaction with the success branch replaced
     */
    public Txn then(Op... ops) {
        return new Txn(compares, List.of(ops), failure);
    }

    /**
     * Sets the failure branch.
     *
     * @param ops the failure branch
     * @return a copy of this transaction with the failure branch replaced
     */
    public Txn orElse(Op... ops) {
        return new Txn(compares, success, List.of(ops));
    }

    private static void checkBranch(List<Op> ops, String name) {
        List<String> puts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<String> deletePrefixes = new ArrayList<>();
        for (Op op : ops) {
            switch (op) {
                case Op.Put p -> puts.add(p.key());
                case Op.Delete d -> deletes.add(d.key());
                case Op.DeleteRange r -> deletePrefixes.add(r.prefix());
                case Op.Get _ -> { }
            }
        }
        for (int i = 0; i < puts.size(); i++) {
            String key = puts.get(i);
            if (puts.subList(i + 1, puts.size()).contains(key) || deletes.contains(key)) {
                throw new IllegalArgumentException("duplicate key in " + name + " branch: " + key);
            }
            for (String prefix : deletePrefixes) {
                if (key.startsWith(prefix)) {
                    throw new IllegalArgumentException(
                            "put of " + key + " overlaps deleteRange " + prefix + " in " + name + " branch");
                }
            }
        }
    }
}
