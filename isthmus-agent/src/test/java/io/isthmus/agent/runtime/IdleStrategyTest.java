package io.isthmus.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdleStrategyTest {
    @Test
    void parsesEachFormAndPrintsItBack() {
        assertThat(IdleStrategy.parse("block")).isEqualTo(IdleStrategy.BLOCK);
        assertThat(IdleStrategy.parse(" Spin ")).isEqualTo(new IdleStrategy(IdleStrategy.Kind.SPIN,
            IdleStrategy.DEFAULT_SPINS));
        assertThat(IdleStrategy.parse("spin:50")).isEqualTo(new IdleStrategy(IdleStrategy.Kind.SPIN, 50));
        assertThat(IdleStrategy.parse("yield:7")).isEqualTo(new IdleStrategy(IdleStrategy.Kind.YIELD, 7));
        assertThat(IdleStrategy.parse("spin:0").toString()).isEqualTo("spin:0");
        assertThat(IdleStrategy.parse("yield:7").toString()).isEqualTo("yield:7");
        assertThat(IdleStrategy.BLOCK.toString()).isEqualTo("block");
    }

    @Test
    void rejectsWhatItCannotRun() {
        assertThatThrownBy(() -> IdleStrategy.parse("busy")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("expected block, spin[:N] or yield[:N]");
        assertThatThrownBy(() -> IdleStrategy.parse("spin:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> IdleStrategy.parse("spin:-1")).hasMessageContaining("outside 0..");
        assertThatThrownBy(() -> IdleStrategy.parse("spin:1000001")).hasMessageContaining("outside 0..");
        assertThatThrownBy(() -> IdleStrategy.parse("block:3")).hasMessageContaining("takes no spin count");
        assertThatThrownBy(() -> IdleStrategy.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parksAfterItsSpinCount() {
        IdleStrategy spin = new IdleStrategy(IdleStrategy.Kind.SPIN, 3);
        assertThat(spin.idle(1)).isFalse();
        assertThat(spin.idle(3)).isFalse();
        assertThat(spin.idle(4)).isTrue();
        assertThat(new IdleStrategy(IdleStrategy.Kind.YIELD, 1).idle(1)).isFalse();
        assertThat(IdleStrategy.BLOCK.idle(1)).isTrue();
    }
}
