package io.hexalog.domain.producer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerStateEntryTest {

    @Test
    void shouldRetainOnlyTheLastFiveBatches() {
        ProducerStateEntry entry = ProducerStateEntry.empty(1, (short) 0);
        for (int i = 0; i < 7; i++) {
            entry = entry.withBatch((short) 0, new BatchMetadata(i, i, i, i));
        }

        assertThat(entry.batches()).extracting(BatchMetadata::firstSequence).containsExactly(2, 3, 4, 5, 6);
        assertThat(entry.lastBatch()).hasValue(new BatchMetadata(6, 6, 6, 6));
    }

    @Test
    void shouldForgetBatchesOfAnEarlierEpoch() {
        ProducerStateEntry entry = ProducerStateEntry.empty(1, (short) 0)
                .withBatch((short) 0, new BatchMetadata(0, 4, 0, 4))
                .withBatch((short) 1, new BatchMetadata(0, 0, 5, 5));

        assertThat(entry.producerEpoch()).isEqualTo((short) 1);
        assertThat(entry.batches()).containsExactly(new BatchMetadata(0, 0, 5, 5));
    }

    @Test
    void shouldFindABatchOnlyInItsOwnEpoch() {
        ProducerStateEntry entry = new ProducerStateEntry(1, (short) 2, List.of(new BatchMetadata(3, 5, 30, 32)));

        assertThat(entry.findBatch((short) 2, 3, 5)).isPresent();
        assertThat(entry.findBatch((short) 1, 3, 5)).isEmpty();
        assertThat(entry.findBatch((short) 2, 3, 4)).isEmpty();
    }

    @Test
    void shouldHaveNoLastBatchWhenEmpty() {
        assertThat(ProducerStateEntry.empty(1, (short) 0).lastBatch()).isEmpty();
    }

    @Test
    void shouldKeepItsLastTimestampThroughBatchesAndTransactionsUntilANewOneIsWritten() {
        ProducerStateEntry entry = ProducerStateEntry.empty(1, (short) 0).withLastTimestamp(1_000L)
                .withBatch((short) 0, new BatchMetadata(0, 0, 0, 0))
                .withTransactionFrom(0)
                .withTransactionEnded((short) 1, 3);

        assertThat(entry.lastTimestamp()).isEqualTo(1_000L);
        assertThat(entry.withLastTimestamp(900L).lastTimestamp()).isEqualTo(900L);
        assertThat(ProducerStateEntry.empty(1, (short) 0).lastTimestamp()).isEqualTo(ProducerStateEntry.NO_TIMESTAMP);
    }
}
