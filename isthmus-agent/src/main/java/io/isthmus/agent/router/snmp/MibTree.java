package io.isthmus.agent.router.snmp;

import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A MIB view: the object instances an agent exposes, in lexicographic order of their names, each with a function
 * that reads its current value (counters are read when asked). It tells apart the two "get" exceptions of RFC 3416
 * section 4.2.1: a name under no registered object type is {@code noSuchObject}; a name under an object type (a
 * scalar, or a table's column) that is no instance is {@code noSuchInstance}. {@link #next} is GetNext's successor
 * (section 4.2.2). Immutable once built; built per request or cached by the caller.
 */
public final class MibTree {
    private final NavigableMap<Oid, Supplier<SnmpValue>> instances;
    private final NavigableSet<Oid> objectTypes;

    private MibTree(NavigableMap<Oid, Supplier<SnmpValue>> instances, NavigableSet<Oid> objectTypes) {
        this.instances = instances;
        this.objectTypes = objectTypes;
    }

    /** A builder of an empty tree. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of the instance {@code name}, or the exception that says why there is none. */
    public SnmpValue get(Oid name) {
        Supplier<SnmpValue> value = instances.get(name);
        if (value != null) {
            return value.get();
        }
        // Object types never nest, so the greatest one not after the name is the only one that can prefix it.
        Oid type = objectTypes.floor(name);
        return type != null && name.startsWith(type) && !name.equals(type)
            ? SnmpValue.NO_SUCH_INSTANCE : SnmpValue.NO_SUCH_OBJECT;
    }

    /** The first instance after {@code name} and its value, or {@code name} bound to {@code endOfMibView}. */
    public VarBind next(Oid name) {
        Map.Entry<Oid, Supplier<SnmpValue>> next = instances.higherEntry(name);
        return next == null ? new VarBind(name, SnmpValue.END_OF_MIB_VIEW)
            : new VarBind(next.getKey(), next.getValue().get());
    }

    /** The number of instances. */
    public int size() {
        return instances.size();
    }

    /** Collects instances; each name once. */
    public static final class Builder {
        private final TreeMap<Oid, Supplier<SnmpValue>> instances = new TreeMap<>();
        private final TreeSet<Oid> objectTypes = new TreeSet<>();

        private Builder() {
        }

        /** The scalar object type {@code objectType}, whose one instance is {@code objectType.0}. */
        public Builder scalar(Oid objectType, Supplier<SnmpValue> value) {
            return instance(objectType, objectType.append(0), value);
        }

        /** The scalar {@code objectType} with a value that never changes. */
        public Builder scalar(Oid objectType, SnmpValue value) {
            Objects.requireNonNull(value);
            return scalar(objectType, () -> value);
        }

        /** The instance of column {@code column} in the row whose index is the one arc {@code index}. */
        public Builder cell(Oid column, int index, Supplier<SnmpValue> value) {
            return instance(column, column.append(index), value);
        }

        /** The instance {@code name} of the object type {@code objectType}, a proper prefix of it. */
        public Builder instance(Oid objectType, Oid name, Supplier<SnmpValue> value) {
            if (!name.startsWith(objectType) || name.size() == objectType.size()) {
                throw new IllegalArgumentException(name + " is no instance of " + objectType);
            }
            Oid before = objectTypes.lower(objectType);
            Oid after = objectTypes.higher(objectType);
            if (before != null && objectType.startsWith(before) || after != null && after.startsWith(objectType)) {
                throw new IllegalArgumentException("object type " + objectType + " nests with another");
            }
            if (instances.putIfAbsent(name, Objects.requireNonNull(value)) != null) {
                throw new IllegalArgumentException("instance " + name + " given twice");
            }
            objectTypes.add(objectType);
            return this;
        }

        /** The tree. */
        public MibTree build() {
            return new MibTree(new TreeMap<>(instances), new TreeSet<>(objectTypes));
        }
    }
}
