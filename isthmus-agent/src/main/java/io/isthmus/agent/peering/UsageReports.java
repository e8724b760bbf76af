package io.isthmus.agent.peering;

import io.isthmus.api.channel.v1.AttachmentTraffic;
import io.isthmus.api.channel.v1.UsageReport;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Sends the {@link TrafficMeters}' readings to the controller ({@code ReportUsage}): cumulative counts since the
 * agent started, labelled with a random boot id drawn once per agent start, so that the controller adds only the
 * growth since the host's previous report and starts again from zero after a restart.
 *
 * <p>The control thread calls {@link #report()} every report interval and once at shutdown. A failure is logged and
 * costs nothing: the counts are cumulative, so the next report carries what this one would have. Readings that did
 * not change since the last report the controller took are not sent again.
 */
public final class UsageReports {
    /** Where a report goes; answers how many pairs the controller refused. */
    @FunctionalInterface
    public interface Sender {
        /**
         * Sends {@code report}.
         *
         * @return the pairs refused
         * @throws RuntimeException when the controller cannot be reached or fails
         */
        int send(UsageReport report);
    }

    private final TrafficMeters meters;
    private final String bootId;
    private final Sender sender;
    private final Consumer<String> log;
    /** The readings of the last report the controller took. Guarded by {@code this}. */
    private List<TrafficMeters.Reading> acknowledged = List.of();

    /**
     * Reports {@code meters}' readings under {@code bootId}.
     *
     * @param log receives one structured line per refusal or failure
     */
    public UsageReports(TrafficMeters meters, String bootId, Sender sender, Consumer<String> log) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.bootId = Objects.requireNonNull(bootId, "bootId");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** {@return a fresh random boot id} */
    public static String randomBootId() {
        return UUID.randomUUID().toString();
    }

    /** {@return the boot id of the reports} */
    public String bootId() {
        return bootId;
    }

    /**
     * Sends the readings now, unless there are none or they are those the controller last took.
     *
     * @return whether the controller has every count read now (sent and taken, or nothing new to send)
     */
    public synchronized boolean report() {
        List<TrafficMeters.Reading> readings = meters.readings();
        if (readings.equals(acknowledged)) {
            return true;
        }
        UsageReport.Builder report = UsageReport.newBuilder().setBootId(bootId);
        for (TrafficMeters.Reading reading : readings) {
            report.addTraffic(AttachmentTraffic.newBuilder().setFromAttachmentId(reading.pair().fromAttachmentId())
                .setToAttachmentId(reading.pair().toAttachmentId()).setPackets(reading.packets())
                .setBytes(reading.bytes()));
        }
        int refused;
        try {
            refused = sender.send(report.build());
        } catch (RuntimeException e) {
            log.accept("event=usage-report-failed pairs=" + readings.size() + " error=\"" + e + "\"");
            return false;
        }
        acknowledged = readings;
        if (refused > 0) {
            log.accept("event=usage-report-refused-pairs count=" + refused);
        }
        return true;
    }
}
