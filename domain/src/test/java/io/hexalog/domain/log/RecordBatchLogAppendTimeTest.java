package io.hexalog.domain.log;

import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Stamping a batch with the broker's append time, as {@link TimestampPolicy} decides for LogAppendTime topics. */
class RecordBatchLogAppendTimeTest {

    private static final long APPEND_TIME = 1_800_000_000_000L;

    @Test
    void shouldStampLogAppendTimeIntoTheHeaderWithAValidCrc() {
        RecordBatch batch = aBatch().records(3).build();
        byte[] recordsBefore = records(batch);

        batch.stampLogAppendTime(APPEND_TIME);

        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(APPEND_TIME);
        assertThat(batch.baseTimestamp()).isEqualTo(RecordBatchBuilder.DEFAULT_TIMESTAMP);
        assertThat(batch.compression()).isEqualTo(CompressionType.NONE);
        assertThat(records(batch)).isEqualTo(recordsBefore);
        assertThatCode(batch::validate).doesNotThrowAnyException();
    }

    @Test
    void shouldKeepTheCompressionBitsWhenStamping() {
        RecordBatch batch = aBatch().attributes(CompressionType.ZSTD.id()).build();

        batch.stampLogAppendTime(APPEND_TIME);

        assertThat(batch.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThatCode(batch::validate).doesNotThrowAnyException();
    }

    private static byte[] records(RecordBatch batch) {
        var bytes = batch.bytes().position(RecordBatch.HEADER_SIZE);
        byte[] records = new byte[bytes.remaining()];
        bytes.get(records);
        return records;
    }
}
