package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MibTreeTest {
    private static final Oid SCALAR = Oid.parse("1.3.6.1.2.1.1.5");
    private static final Oid COLUMN = Oid.parse("1.3.6.1.2.1.2.2.1.2");

    private final AtomicLong counter = new AtomicLong();
    private final MibTree mib = MibTree.builder()
        .scalar(SCALAR, SnmpValue.OctetString.of("router"))
        .cell(COLUMN, 2, () -> new SnmpValue.Counter64(counter.get()))
        .cell(COLUMN, 1, () -> SnmpValue.OctetString.of("one"))
        .build();

    @Test
    void getsAnInstanceAndReadsItsValueWhenAsked() {
        assertThat(mib.get(SCALAR.append(0))).isEqualTo(SnmpValue.OctetString.of("router"));
        counter.set(7);
        assertThat(mib.get(COLUMN.append(2))).isEqualTo(new SnmpValue.Counter64(7));
        counter.set(8);
        assertThat(mib.get(COLUMN.append(2))).isEqualTo(new SnmpValue.Counter64(8));
    }

    @Test
    void tellsNoSuchInstanceUnderAnObjectTypeFromNoSuchObject() {
        assertThat(mib.get(SCALAR.append(1))).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        assertThat(mib.get(SCALAR.append(0, 0))).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        assertThat(mib.get(COLUMN.append(3))).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        // The object type itself, its parent and its siblings name no instance of it.
        assertThat(mib.get(SCALAR)).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
        assertThat(mib.get(Oid.parse("1.3.6.1.2.1.1"))).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
        assertThat(mib.get(Oid.parse("1.3.6.1.2.1.1.6.0"))).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
        assertThat(mib.get(Oid.parse("0.0"))).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
    }

    @Test
    void walksInLexicographicOrder() {
        VarBind first = mib.next(Oid.parse("0.0"));
        assertThat(first.name()).isEqualTo(SCALAR.append(0));
        VarBind second = mib.next(first.name());
        assertThat(second).isEqualTo(new VarBind(COLUMN.append(1), SnmpValue.OctetString.of("one")));
        assertThat(mib.next(second.name()).name()).isEqualTo(COLUMN.append(2));
        assertThat(mib.next(COLUMN.append(2))).isEqualTo(new VarBind(COLUMN.append(2), SnmpValue.END_OF_MIB_VIEW));
        // A name between instances, or a prefix of one, goes to the next instance.
        assertThat(mib.next(SCALAR).name()).isEqualTo(SCALAR.append(0));
        assertThat(mib.next(COLUMN.append(1, 5)).name()).isEqualTo(COLUMN.append(2));
        assertThat(mib.next(Oid.parse("2.0"))).isEqualTo(new VarBind(Oid.parse("2.0"), SnmpValue.END_OF_MIB_VIEW));
        assertThat(mib.size()).isEqualTo(3);
    }

    @Test
    void refusesNestedObjectTypesAndDuplicates() {
        assertThatThrownBy(() -> MibTree.builder().scalar(SCALAR, SnmpValue.NULL).scalar(SCALAR.append(0),
            SnmpValue.NULL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MibTree.builder().scalar(SCALAR.append(0), SnmpValue.NULL).scalar(SCALAR,
            SnmpValue.NULL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MibTree.builder().scalar(SCALAR, SnmpValue.NULL).scalar(SCALAR, SnmpValue.NULL))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MibTree.builder().instance(SCALAR, SCALAR, () -> SnmpValue.NULL))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
