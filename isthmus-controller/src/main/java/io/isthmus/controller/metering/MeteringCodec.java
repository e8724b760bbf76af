package io.isthmus.controller.metering;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored forms of metering's values, big-endian ({@link DataOutputStream}), each starting with a format byte
 * ({@value #FORMAT}):
 *
 * <pre>
 *   usage counts   long packets in, long bytes in, long packets out, long bytes out, long routing updates
 *   readings       boot id (modified UTF-8 with a 2-byte length), int count, then per pair: from attachment id,
 *                  to attachment id, long packets, long bytes
 *   fee schedule   currency code, then the four prices as plain decimal strings (attachment-hour, GB in, GB out,
 *                  1000 routing updates)
 * </pre>
 */
public final class MeteringCodec {
    /** The format byte of every value. */
    public static final int FORMAT = 1;

    private MeteringCodec() {
    }

    /** {@return the stored form of {@code counts}} */
    public static byte[] encode(UsageCounts counts) {
        return write(out -> {
            out.writeLong(counts.packetsIn());
            out.writeLong(counts.bytesIn());
            out.writeLong(counts.packetsOut());
            out.writeLong(counts.bytesOut());
            out.writeLong(counts.routingUpdates());
        });
    }

    /** {@return the counts stored as {@code bytes}} */
    public static UsageCounts counts(byte[] bytes) {
        return read(bytes, in -> new UsageCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong()));
    }

    /** {@return the stored form of {@code readings}} */
    public static byte[] encode(TrafficGrowth.Readings readings) {
        return write(out -> {
            out.writeUTF(readings.bootId());
            out.writeInt(readings.pairs().size());
            for (var entry : readings.pairs().entrySet()) {
                out.writeUTF(entry.getKey().fromAttachmentId());
                out.writeUTF(entry.getKey().toAttachmentId());
                out.writeLong(entry.getValue().packets());
                out.writeLong(entry.getValue().bytes());
            }
        });
    }

    /** {@return the readings stored as {@code bytes}} */
    public static TrafficGrowth.Readings readings(byte[] bytes) {
        return read(bytes, in -> {
            String bootId = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > in.available() / 20) {
                throw new IllegalArgumentException("bad pair count " + count);
            }
            Map<TrafficGrowth.Pair, TrafficGrowth.Counts> pairs = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                pairs.put(new TrafficGrowth.Pair(in.readUTF(), in.readUTF()),
                    new TrafficGrowth.Counts(in.readLong(), in.readLong()));
            }
            return new TrafficGrowth.Readings(bootId, pairs);
        });
    }

    /** {@return the stored form of {@code schedule}} */
    public static byte[] encode(FeeSchedule schedule) {
        return write(out -> {
            out.writeUTF(schedule.currency().getCurrencyCode());
            out.writeUTF(schedule.attachmentHour().toPlainString());
            out.writeUTF(schedule.gigabyteIn().toPlainString());
            out.writeUTF(schedule.gigabyteOut().toPlainString());
            out.writeUTF(schedule.thousandRoutingUpdates().toPlainString());
        });
    }

    /** {@return the fee schedule stored as {@code bytes}} */
    public static FeeSchedule feeSchedule(byte[] bytes) {
        return read(bytes, in -> new FeeSchedule(Currency.getInstance(in.readUTF()), new BigDecimal(in.readUTF()),
            new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF())));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed value of this format */
    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown metering format " + format);
            }
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes after a metering value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated metering value", e);
        }
    }
}
