package io.hexalog.domain.log;

import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TimestampPolicyTest {

    private static final long APPEND_TIME = 1_800_000_000_000L;

    @Test
    void shouldLeaveCreateTimeBatchesAlone() {
        RecordBatch batch = aBatch().records(3).build();
        long crc = batch.checksum();

        long stamped = new TimestampPolicy(TimestampType.CREATE_TIME).stamp(batch, APPEND_TIME);

        assertThat(stamped).isEqualTo(TimestampPolicy.NO_LOG_APPEND_TIME);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(RecordBatchBuilder.DEFAULT_TIMESTAMP + 2);
        assertThat(batch.checksum()).isEqualTo(crc);
    }

    @Test
    void shouldStampLogAppendTimeIntoTheHeaderWithAValidCrc() {
        RecordBatch batch = aBatch().records(3).build();
        byte[] recordsBefore = records(batch);

        long stamped = new TimestampPolicy(TimestampType.LOG_APPEND_TIME).stamp(batch, APPEND_TIME);

        assertThat(stamped).isEqualTo(APPEND_TIME);
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
