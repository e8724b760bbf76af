package io.isthmus.controller.store;

import java.util.Arrays;
import java.util.Objects;

/** One operation of a {@link Txn} branch; each yields one {@link OpResult} in order. */
public sealed interface Op permits Op.Put, Op.Delete, Op.DeleteRange, Op.Get {

    /**
     * Sets the key's value; creates the key (version 1) if absent. Yields {@link OpResult.PutResult}.
     *
     * @param key the key
     * @param value the new value (copied)
     */
    record Put(String key, byte[] value) implements Op {
        /** Validates the arguments and copies the value. */
        public Put {
            Keys.check(key);
            value = Objects.requireNonNull(value, "value").clone();
        }

        /** {@return a copy of the value} */
        @Override
        public byte[] value() {
            return value.clone();
        }

        byte[] valueNoCopy() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[key=" + key + ", " + value.length + " B]";
        }
    }

    /**
     * Removes the key if present. Yields {@link OpResult.DeleteResult} with 0 or 1 previous pairs.
     *
     * @param key the key
     */
    record Delete(String key) implements Op {
        /** Validates the key. */
        public Delete {
            Keys.check(key);
        }
    }

    /**
     * Removes every key starting with {@code prefix} (all keys if the prefix is empty). Yields
     * {@link OpResult.DeleteResult} with the removed pairs in key order.
     *
     * @param prefix the key prefix
     */
    record DeleteRange(String prefix) implements Op {
        /** Validates the prefix. */
        public DeleteRange {
            Keys.checkPrefix(prefix);
        }
    }

    /**
     * Reads the key inside the transaction (for example to return the current holder of a claim
     * when a compare failed). Yields {@link OpResult.GetResult}; changes nothing.
     *
     * @param key the key
     */
    record Get(String key) implements Op {
        /** Validates the key. */
        public Get {
            Keys.check(key);
        }
    }

    /**
     * A put.
     *
     * @param key the key
     * @param value the value
     * @return a put
     */
    static Op put(String key, byte[] value) {
        return new Put(key, value);
    }

    /**
     * A single-key delete.
     *
     * @param key the key
     * @return a single-key delete
     */
    static Op delete(String key) {
        return new Delete(key);
    }

    /**
     * A delete of every key under a prefix.
     *
     * @param prefix the prefix
     * @return a delete of every key under the prefix
     */
    static Op deleteRange(String prefix) {
        return new DeleteRange(prefix);
    }

    /**
     * A read of one key.
     *
     * @param key the key
     * @return a read of the key
     */
    static Op get(String key) {
        return new Get(key);
    }
}
