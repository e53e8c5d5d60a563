package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class EndTransactionMarkerTest {

    @Test
    void shouldBeAValidControlBatchOfOneRecord() {
        RecordBatch batch = new EndTransactionMarker(ControlRecordType.COMMIT, 42, (short) 3, 9, 1234L).toBatch();

        batch.validate();
        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.recordCount()).isEqualTo(1);
        assertThat(batch.producerId()).isEqualTo(42);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(batch.baseTimestamp()).isEqualTo(1234L);
        assertThat(batch.maxTimestamp()).isEqualTo(1234L);
        assertThat(batch.compression()).isEqualTo(CompressionType.NONE);
    }

    @Test
    void shouldCarryTheTypeInTheKeyAndTheCoordinatorEpochInTheValue() {
        ByteBuffer bytes = new EndTransactionMarker(ControlRecordType.ABORT, 42, (short) 3, 9, 1234L).toBatch().bytes();

        // record: length, attributes, timestamp delta, offset delta, key length 4, key, value length 6, value
        int key = RecordBatch.HEADER_SIZE + 5;
        assertThat(bytes.get(key - 1)).isEqualTo((byte) 8);
        assertThat(bytes.getShort(key)).isZero();
        assertThat(bytes.getShort(key + 2)).isEqualTo(ControlRecordType.ABORT.id());
        int value = key + 5;
        assertThat(bytes.get(value - 1)).isEqualTo((byte) 12);
        assertThat(bytes.getShort(value)).isZero();
        assertThat(bytes.getInt(value + 2)).isEqualTo(9);
        assertThat(bytes.remaining()).isEqualTo(value + 6 + 1);
    }
}
