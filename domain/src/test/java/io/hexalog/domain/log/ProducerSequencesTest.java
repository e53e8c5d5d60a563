package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerSequencesTest {

    @Test
    void shouldAddWithinRange() {
        assertThat(ProducerSequences.add(5, 3)).isEqualTo(8);
        assertThat(ProducerSequences.add(0, 0)).isZero();
    }

    @Test
    void shouldWrapToZeroAfterIntegerMaxValue() {
        assertThat(ProducerSequences.add(Integer.MAX_VALUE, 1)).isZero();
        assertThat(ProducerSequences.add(Integer.MAX_VALUE, 5)).isEqualTo(4);
        assertThat(ProducerSequences.add(Integer.MAX_VALUE - 2, 5)).isEqualTo(2);
        assertThat(ProducerSequences.add(Integer.MAX_VALUE - 1, 1)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldTellWhetherASequenceFollowsAnother() {
        assertThat(ProducerSequences.follows(4, 5)).isTrue();
        assertThat(ProducerSequences.follows(Integer.MAX_VALUE, 0)).isTrue();
        assertThat(ProducerSequences.follows(4, 6)).isFalse();
        assertThat(ProducerSequences.follows(4, 4)).isFalse();
        assertThat(ProducerSequences.follows(Integer.MAX_VALUE, Integer.MIN_VALUE)).isFalse();
    }
}
