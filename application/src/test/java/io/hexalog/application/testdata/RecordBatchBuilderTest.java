package io.hexalog.application.testdata;

import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class RecordBatchBuilderTest {

    @Test
    void shouldBuildBatchThatPassesTheBrokersValidation() {
        RecordBatch batch = aBatch().withBaseOffset(42).withRecords(3).withProducer(7L, (short) 2, 10).build();

        assertThat(batch.validate()).isSameAs(batch);
        assertThat(batch.baseOffset()).isEqualTo(42);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.lastOffset()).isEqualTo(44);
        assertThat(batch.producerId()).isEqualTo(7L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(10);
        assertThat(batch.lastSequence()).isEqualTo(12);
    }

    @Test
    void shouldBuildBatchWithoutProducerByDefault() {
        RecordBatch batch = aBatch().build();

        assertThat(batch.hasProducerId()).isFalse();
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(batch.recordCount()).isEqualTo(1);
    }

    @Test
    void shouldStampBaseAndMaxTimestampFromRecordTimestamps() {
        RecordBatch batch = aBatch().withTimestamps(1_000, 3_000, 2_000).build();

        assertThat(batch.baseTimestamp()).isEqualTo(1_000);
        assertThat(batch.maxTimestamp()).isEqualTo(3_000);
    }

    @Test
    void shouldEncodeRecordsAsVarintFramedKafkaRecords() {
        RecordBatch batch = aBatch().withTimestamps(1_000, 900, 1_300).withValueSize(200).build();

        List<long[]> records = decodeOffsetAndTimestampDeltas(batch);

        assertThat(records).hasSize(3);
        assertThat(records).extracting(r -> r[0]).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(r -> r[1]).containsExactly(0L, -100L, 300L);
    }

    /** Walks the records as a consumer would, proving each length prefix and field is where Kafka expects. */
    private static List<long[]> decodeOffsetAndTimestampDeltas(RecordBatch batch) {
        ByteBuffer buffer = batch.bytes().position(RecordBatch.HEADER_SIZE);
        List<long[]> records = new ArrayList<>();
        while (buffer.hasRemaining()) {
            long length = Varlongs.read(buffer);
            int end = buffer.position() + (int) length;
            buffer.get(); // attributes
            long timestampDelta = Varlongs.read(buffer);
            long offsetDelta = Varlongs.read(buffer);
            skip(buffer, Varlongs.read(buffer)); // key
            skip(buffer, Varlongs.read(buffer)); // value
            assertThat(Varlongs.read(buffer)).as("header count").isZero();
            assertThat(buffer.position()).as("record end").isEqualTo(end);
            records.add(new long[]{offsetDelta, timestampDelta});
        }
        return records;
    }

    private static void skip(ByteBuffer buffer, long length) {
        if (length > 0) {
            buffer.position(buffer.position() + (int) length);
        }
    }
}
