package io.isthmus.agent.peering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.AttachmentTraffic;
import io.isthmus.api.channel.v1.UsageReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link UsageReports} with a fake controller client. */
class UsageReportsTest {
    private final TrafficMeters meters = new TrafficMeters();
    private final List<UsageReport> sent = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private boolean failing;
    private int refusing;

    private final UsageReports reports = new UsageReports(meters, "boot-1", report -> {
        if (failing) {
            throw new IllegalStateException("controller away");
        }
        sent.add(report);
        return refusing;
    }, log::add);

    @Test
    void sendsCumulativeReadingsOfEveryPairWithTheBootId() {
        int ab = meters.meter("pa-a", "pa-b");
        int ba = meters.meter("pa-b", "pa-a");
        meters.count(ab, 100);
        meters.count(ab, 1500);
        meters.count(ba, 60);

        assertThat(reports.report()).isTrue();
        meters.count(ab, 40);
        assertThat(reports.report()).isTrue();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getBootId()).isEqualTo("boot-1");
        assertThat(sent.get(0).getTrafficList()).containsExactly(
            traffic("pa-a", "pa-b", 2, 1600), traffic("pa-b", "pa-a", 1, 60));
        assertThat(sent.get(1).getTrafficList()).containsExactly(
            traffic("pa-a", "pa-b", 3, 1640), traffic("pa-b", "pa-a", 1, 60));
    }

    @Test
    void sendsNothingWhenNothingChangedSinceTheControllerTookTheLastReport() {
        assertThat(reports.report()).isTrue();
        meters.count(meters.meter("pa-a", "pa-b"), 100);
        reports.report();
        reports.report();

        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailureIsLoggedAndTheNextReportCarriesTheCounts() {
        int ab = meters.meter("pa-a", "pa-b");
        meters.count(ab, 100);
        failing = true;

        assertThat(reports.report()).isFalse();
        assertThat(log).singleElement().asString().startsWith("event=usage-report-failed");
        assertThat(sent).isEmpty();

        failing = false;
        meters.count(ab, 50);
        assertThat(reports.report()).isTrue();
        assertThat(sent).singleElement().extracting(r -> r.getTrafficList())
            .isEqualTo(List.of(traffic("pa-a", "pa-b", 2, 150)));
    }

    @Test
    void refusedPairsAreLogged() {
        meters.count(meters.meter("pa-a", "pa-gone"), 100);
        refusing = 1;

        assertThat(reports.report()).isTrue();
        assertThat(log).containsExactly("event=usage-report-refused-pairs count=1");
    }

    @Test
    void bootIdsAreFreshPerStart() {
        assertThat(UsageReports.randomBootId()).isNotEqualTo(UsageReports.randomBootId()).hasSize(36);
    }

    private static AttachmentTraffic traffic(String from, String to, long packets, long bytes) {
        return AttachmentTraffic.newBuilder().setFromAttachmentId(from).setToAttachmentId(to).setPackets(packets)
            .setBytes(bytes).build();
    }
}
