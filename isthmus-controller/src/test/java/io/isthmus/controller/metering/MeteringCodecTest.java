package io.isthmus.controller.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The stored forms of metering's values. */
class MeteringCodecTest {
    private static final UsageCounts COUNTS = new UsageCounts(1, 2, 3, 4, 5);
    private static final TrafficGrowth.Readings READINGS = new TrafficGrowth.Readings("b", new LinkedHashMap<>(
        Map.of(new TrafficGrowth.Pair("x", "y"), new TrafficGrowth.Counts(7, 9))));
    private static final FeeSchedule FEES = new FeeSchedule(Currency.getInstance("EUR"), new BigDecimal("0.020"),
        BigDecimal.ZERO, new BigDecimal("1E+1"), new BigDecimal("0.000000001"));

    @Test
    void usageCountsVectorByteByByte() {
        assertThat(HexFormat.of().formatHex(MeteringCodec.encode(COUNTS))).isEqualTo("01" // format
            + "0000000000000001" + "0000000000000002" // packets and bytes in
            + "0000000000000003" + "0000000000000004" // packets and bytes out
            + "0000000000000005"); // routing updates
    }

    @Test
    void readingsVectorByteByByte() {
        assertThat(HexFormat.of().formatHex(MeteringCodec.encode(READINGS))).isEqualTo("01" // format
            + "000162" // boot id "b"
            + "00000001" // one pair
            + "000178" + "000179" // from "x", to "y"
            + "0000000000000007" + "0000000000000009"); // packets, bytes
    }

    @Test
    void everyValueRoundTrips() {
        assertThat(MeteringCodec.counts(MeteringCodec.encode(COUNTS))).isEqualTo(COUNTS);
        assertThat(MeteringCodec.readings(MeteringCodec.encode(READINGS))).isEqualTo(READINGS);
        assertThat(MeteringCodec.readings(MeteringCodec.encode(TrafficGrowth.Readings.NONE)))
            .isEqualTo(TrafficGrowth.Readings.NONE);
        FeeSchedule read = MeteringCodec.feeSchedule(MeteringCodec.encode(FEES));
        assertThat(read).isEqualTo(FEES);
        assertThat(read.gigabyteOut().toPlainString()).isEqualTo("10");
    }

    @Test
    void truncationsTrailingBytesAndUnknownFormatsAreRejected() {
        Map<byte[], Function<byte[], ?>> decoders = Map.of(MeteringCodec.encode(COUNTS),
            (Function<byte[], ?>) MeteringCodec::counts, MeteringCodec.encode(READINGS), MeteringCodec::readings,
            MeteringCodec.encode(FEES), MeteringCodec::feeSchedule);
        decoders.forEach((bytes, decoder) -> {
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> decoder.apply(truncated)).isInstanceOf(IllegalArgumentException.class);
            }
        });
        byte[] trailing = Arrays.copyOf(MeteringCodec.encode(COUNTS), 42);
        assertThatThrownBy(() -> MeteringCodec.counts(trailing)).hasMessageContaining("trailing");
        byte[] future = MeteringCodec.encode(COUNTS);
        future[0] = 2;
        assertThatThrownBy(() -> MeteringCodec.counts(future)).hasMessageContaining("format 2");
    }
}
