package io.hexalog.domain.compaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupeBufferTest {

    @Test
    void shouldHoldKafkasNumberOfKeysByDefault() {
        DedupeBuffer defaults = DedupeBuffer.KAFKA_DEFAULTS;

        // 128 MiB / 24 bytes = 5,592,405 slots, 90% of which fill
        assertThat(defaults.slots()).isEqualTo(5_592_405);
        assertThat(defaults.maxKeys()).isEqualTo(5_033_164);
    }

    @Test
    void shouldUseNoMoreThanTwoGibibytesAsKafkaDoes() {
        DedupeBuffer huge = new DedupeBuffer(8L * 1024 * 1024 * 1024, 0.9);

        assertThat(huge.slots()).isEqualTo(Integer.MAX_VALUE / 24);
    }

    @Test
    void shouldGiveACleaningOfAFewOffsetsASmallMap() {
        KeyOffsetMap map = DedupeBuffer.KAFKA_DEFAULTS.mapFor(900);

        assertThat(map.capacity()).isEqualTo(900);
        assertThat(map.sizeInBytes()).isEqualTo(1000L * 24);
    }

    @Test
    void shouldGiveALargeCleaningTheWholeBufferAndNoMore() {
        DedupeBuffer buffer = new DedupeBuffer(2400, 0.5);

        KeyOffsetMap map = buffer.mapFor(1_000_000);

        assertThat(map.sizeInBytes()).isEqualTo(2400);
        assertThat(map.capacity()).isEqualTo(50);
    }

    @Test
    void shouldReuseOneMapForEveryCleaningSizedAsANewOneWould() {
        DedupeBuffer buffer = new DedupeBuffer(2400, 0.5);
        KeyOffsetMap map = buffer.mapFor(10);

        assertThat(buffer.reuse(map, 1_000_000)).isSameAs(map);
        assertThat(map.capacity()).isEqualTo(buffer.mapFor(1_000_000).capacity());
        assertThat(map.sizeInBytes()).isEqualTo(2400);

        buffer.reuse(map, 10);
        assertThat(map.capacity()).isEqualTo(buffer.mapFor(10).capacity());
        assertThat(map.sizeInBytes()).isEqualTo(buffer.mapFor(10).sizeInBytes());
        assertThat(map.allocatedBytes()).as("the buffer of the larger cleaning is kept").isEqualTo(2400);
    }

    @Test
    void shouldRefuseABufferTooSmallForOneKeyWithKafkasWords() {
        assertThatThrownBy(() -> new DedupeBuffer(24, 0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("offset map is too small to fit in even a single message, so log cleaning "
                        + "will never make progress. You can increase log.cleaner.dedupe.buffer.size");
        assertThatThrownBy(() -> new DedupeBuffer(1 << 20, 1.0 / (1 << 20)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseALoadFactorOutsideZeroToOne() {
        assertThatThrownBy(() -> new DedupeBuffer(1 << 20, 0)).hasMessageContaining("log.cleaner.io.buffer.load.factor");
        assertThatThrownBy(() -> new DedupeBuffer(1 << 20, 1.5)).hasMessageContaining("log.cleaner.io.buffer.load.factor");
        assertThatThrownBy(() -> new DedupeBuffer(1 << 20, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
