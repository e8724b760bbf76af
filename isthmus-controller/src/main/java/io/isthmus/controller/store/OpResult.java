package io.isthmus.controller.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The outcome of one {@link Op}, at the same index in {@link TxnResult#results()}. */
public sealed interface OpResult permits OpResult.PutResult, OpResult.DeleteResult, OpResult.GetResult {

    /**
     * The outcome of a {@link Op.Put}.
     *
     * @param kv the key as written
     * @param prevKv the key before the put, empty if the put created it
     */
    record PutResult(KeyValue kv, Optional<KeyValue> prevKv) implements OpResult {
        /** Validates the fields. */
        public PutResult {
            Objects.requireNonNull(kv, "kv");
            Objects.requireNonNull(prevKv, "prevKv");
        }
    }

    /**
     * The outcome of a {@link Op.Delete} or {@link Op.DeleteRange}.
     *
     * @param prevKvs the pairs removed, in key order (empty if nothing matched)
     */
    record DeleteResult(List<KeyValue> prevKvs) implements OpResult {
        /** Copies the list. */
        public DeleteResult {
            prevKvs = List.copyOf(prevKvs);
        }

        /** {@return how many keys were removed} */
        public int deleted() {
            return prevKvs.size();
        }
    }

    /**
     * The outcome of a {@link Op.Get}.
     *
     * @param kv the key's state inside the transaction, after the branch's earlier ops; empty if absent
     */
    record GetResult(Optional<KeyValue> kv) implements OpResult {
        /** Validates the field. */
        public GetResult {
            Objects.requireNonNull(kv, "kv");
        }
    }
}
