package io.isthmus.agent.router.snmp;

import java.util.Objects;

/** A variable binding (RFC 3416 section 3, {@code VarBind}): a name and its value. */
public record VarBind(Oid name, SnmpValue value) {
    public VarBind {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }

    /** A binding of {@code name} to NULL, as requests carry (RFC 3416 section 4.1, {@code unSpecified}). */
    public static VarBind request(Oid name) {
        return new VarBind(name, SnmpValue.NULL);
    }
}
