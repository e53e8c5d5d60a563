package io.hexalog.application.fake;

import io.hexalog.application.port.out.RecordTimestampReader.TimestampedOffset;
import io.hexalog.application.service.TestBatches;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UncompressedRecordTimestampReaderTest {

    private final UncompressedRecordTimestampReader reader = new UncompressedRecordTimestampReader();

    @Test
    void shouldReadRecordTimestampsAndOffsets() {
        RecordBatch batch = batchAt(40, 100, 300, 200);

        assertThat(reader.firstRecordAtOrAfter(batch, 0)).contains(new TimestampedOffset(40, 100));
        assertThat(reader.firstRecordAtOrAfter(batch, 250)).contains(new TimestampedOffset(41, 300));
        assertThat(reader.firstRecordAtOrAfter(batch, 301)).isEmpty();
        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(41, 300));
    }

    @Test
    void shouldReadTimestampDeltasThatNeedSeveralVarintBytes() {
        RecordBatch batch = batchAt(0, 1_000, 1_000 + 10_000_000_000L);

        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(1, 1_000 + 10_000_000_000L));
    }

    private static RecordBatch batchAt(long baseOffset, long... timestamps) {
        RecordBatch batch = TestBatches.withTimestamps(timestamps).build();
        batch.assignBaseOffset(baseOffset);
        return batch;
    }
}
