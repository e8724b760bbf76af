package io.isthmus.controller.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of one key, as etcd's {@code mvccpb.Event}.
 *
 * @param type what happened
 * @param kv for a PUT, the key as written; for a DELETE, a tombstone with the key and
 *     {@code modRevision} = the revision of the delete, empty value and other fields 0
 * @param prevKv the key before the change; empty for a PUT that created the key
 */
public record Event(Type type, KeyValue kv, Optional<KeyValue> prevKv) {

    /** The kind of change. */
    public enum Type {
        /** The key was created or updated. */
        PUT,
        /** The key was deleted. */
        DELETE
    }

    /** Validates the fields. */
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(prevKv, "prevKv");
    }

    /** {@return the store revision of the change (events of one transaction share it)} */
    public long revision() {
        return kv.modRevision();
    }

    /** {@return the changed key} */
    public String key() {
        return kv.key();
    }
}
