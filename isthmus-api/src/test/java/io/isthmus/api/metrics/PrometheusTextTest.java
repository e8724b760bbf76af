package io.isthmus.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writesFamiliesWithHelpTypeAndSamples() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("outcome", "sent");
        labels.put("kind", "forward");
        String text = new PrometheusText()
            .family("x_packets_total", PrometheusText.Type.COUNTER, "Packets by outcome.")
            .sample(labels, 42)
            .sample(Map.of("outcome", "dropped"), 0)
            .family("x_ports", PrometheusText.Type.GAUGE, "Ports.")
            .sample(3)
            .toString();
        assertThat(text).isEqualTo("""
            # HELP x_packets_total Packets by outcome.
            # TYPE x_packets_total counter
            x_packets_total{outcome="sent",kind="forward"} 42
            x_packets_total{outcome="dropped"} 0
            # HELP x_ports Ports.
            # TYPE x_ports gauge
            x_ports 3
            """);
    }

    @Test
    void escapesHelpAndLabelValues() {
        String text = new PrometheusText().family("x", PrometheusText.Type.GAUGE, "a\\b\nc \"q\"")
            .sample(Map.of("host", "h\"1\\\n"), -1).toString();
        assertThat(text).isEqualTo("# HELP x a\\\\b\\nc \"q\"\n# TYPE x gauge\nx{host=\"h\\\"1\\\\\\n\"} -1\n");
    }

    @Test
    void rejectsBadNamesAndOrphanSamples() {
        PrometheusText text = new PrometheusText();
        assertThatThrownBy(() -> text.sample(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> text.family("1x", PrometheusText.Type.GAUGE, "")).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> text.family("x_packets", PrometheusText.Type.COUNTER, ""))
            .hasMessageContaining("_total");
        text.family("x", PrometheusText.Type.GAUGE, "");
        assertThatThrownBy(() -> text.sample(Map.of("bad-name", "v"), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> text.sample(Map.of("__reserved", "v"), 1))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
