package io.isthmus.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortTableTest {
    @Test
    void looksUpByIndexAndByOverlayAddress() {
        PortTable table = new PortTable();
        table.replaceAll(List.of(Fixture.A0, Fixture.A2));
        PortTable.Snapshot before = table.snapshot();
        table.put(Fixture.A1);
        PortTable.Snapshot after = table.snapshot();
        assertThat(before.byIndex(1)).as("snapshots are immutable").isNull();
        assertThat(after.byIndex(1)).isEqualTo(Fixture.A1);
        assertThat(after.find(Fixture.OVERLAY, Fixture.A2.address())).isEqualTo(Fixture.A2);
        assertThat(after.find(Fixture.OVERLAY + 1, Fixture.A2.address())).isNull();
        assertThat(after.byIndex(99)).isNull();
        assertThat(after.byIndex(-1)).isNull();
        table.remove(0);
        assertThat(table.snapshot().find(Fixture.OVERLAY, Fixture.A0.address())).isNull();
        assertThat(table.snapshot().size()).isEqualTo(2);
    }

    @Test
    void manyPorts() {
        PortTable table = new PortTable();
        List<LocalPort> ports = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            LocalPort p = Fixture.port(i, "10.0.1." + (i % 250 + 2), 1, true);
            ports.add(new LocalPort(p.index(), p.nodeId(), p.interfaceId(), i / 250, p.address(), p.mac(),
                p.subnetAddress(), p.subnetPrefixLength(), p.gateway(), p.routerMac(), true));
        }
        table.replaceAll(ports);
        for (LocalPort port : ports) {
            assertThat(table.snapshot().find(port.overlayId(), port.address())).isEqualTo(port);
        }
    }

    @Test
    void refusesDuplicates() {
        PortTable table = new PortTable();
        assertThatThrownBy(() -> table.replaceAll(List.of(Fixture.A0, Fixture.port(9, "10.0.1.10", 1, true))))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.replaceAll(List.of(Fixture.A0, Fixture.port(0, "10.0.1.12", 1, true))))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
