package io.isthmus.controller.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One guard of a {@link Txn}, evaluated against the key's current state inside the transaction.
 * As in etcd, a missing key compares as version 0, createRevision 0 and modRevision 0, and a
 * {@link ValueEquals} on a missing key is false.
 */
public sealed interface Compare permits Compare.Version, Compare.ModRevision, Compare.ValueEquals {

    /** {@return the key this compare reads} */
    String key();

    /**
     * Evaluates this compare.
     *
     * @param current the key's current state, or {@code null} if absent
     * @return whether the compare holds
     */
    boolean test(KeyValue current);

    /**
     * The key's version equals {@code version}; {@code version == 0} means the key is absent.
     *
     * @param key the key
     * @param version expected version, 0 for absent
     */
    record Version(String key, long version) implements Compare {
        /** Validates the arguments. */
        public Version {
            Keys.check(key);
            if (version < 0) throw new IllegalArgumentException("version < 0: " + version);
        }

        @Override
        public boolean test(KeyValue current) {
            return (current == null ? 0 : current.version()) == version;
        }
    }

    /**
     * The key's modRevision equals {@code modRevision}; 0 means the key is absent.
     *
     * @param key the key
     * @param modRevision expected modification revision, 0 for absent
     */
    record ModRevision(String key, long modRevision) implements Compare {
        /** Validates the arguments. */
        public ModRevision {
            Keys.check(key);
            if (modRevision < 0) throw new IllegalArgumentException("modRevision < 0: " + modRevision);
        }

        @Override
        public boolean test(KeyValue current) {
            return (current == null ? 0 : current.modRevision()) == modRevision;
        }
    }

    /**
     * The key exists and its value equals {@code value} byte for byte.
     *
     * @param key the key
     * @param value expected value (copied)
     */
    record ValueEquals(String key, byte[] value) implements Compare {
        /** Validates the arguments and copies the value. */
        public ValueEquals {
            Keys.check(key);
            value = Objects.requireNonNull(value, "value").clone();
        }

        /** {@return a copy of the expected value} */
        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean test(KeyValue current) {
            return current != null && current.valueEquals(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValueEquals v && key.equals(v.key) && Arrays.equals(value, v.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "ValueEquals[key=" + key + ", " + value.length + " B]";
        }
    }

    /**
     * A compare that the key is absent.
     *
     * @param key the key
     * @return a compare that holds when the key does not exist (version == 0)
     */
    static Compare absent(String key) {
        return new Version(key, 0);
    }

    /**
     * A compare on the key's version.
     *
     * @param key the key
     * @param version the expected version (0 = absent)
     * @return a compare on the key's version
     */
    static Compare version(String key, long version) {
        return new Version(key, version);
    }

    /**
     * A compare on the key's modRevision.
     *
     * @param key the key
     * @param modRevision the expected modification revision (0 = absent)
     * @return a compare on the key's modRevision
     */
    static Compare modRevision(String key, long modRevision) {
        return new ModRevision(key, modRevision);
    }

    /**
     * A compare on the key's value.
     *
     * @param key the key
     * @param value the expected value
     * @return a compare that holds when the key exists with exactly this value
     */
    static Compare valueEquals(String key, byte[] value) {
        return new ValueEquals(key, value);
    }
}
