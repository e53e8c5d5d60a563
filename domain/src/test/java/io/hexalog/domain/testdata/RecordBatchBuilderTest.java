package io.hexalog.domain.testdata;

import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBatchBuilderTest {

    @Test
    void shouldWriteRecordsAsZigzagVarints() {
        // given a batch of one record whose value is "value-0"
        ByteBuffer bytes = RecordBatchBuilder.aBatch().toBuffer();

        // when reading the first record after the header
        bytes.position(RecordBatch.HEADER_SIZE);

        // then: length 13 (zigzag 26), attributes 0, timestamp delta 0, offset delta 0,
        // null key (-1, zigzag 1), value length 7 (zigzag 14), the value, no headers
        assertThat(bytes.get()).isEqualTo((byte) 26);
        assertThat(bytes.get()).isZero();
        assertThat(bytes.get()).isZero();
        assertThat(bytes.get()).isZero();
        assertThat(bytes.get()).isEqualTo((byte) 1);
        assertThat(bytes.get()).isEqualTo((byte) 14);
        byte[] value = new byte[7];
        bytes.get(value);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("value-0");
        assertThat(bytes.get()).isZero();
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void shouldWriteMultiByteVarintsForLargeValues() {
        // given a record whose value needs a two-byte length
        ByteBuffer bytes = RecordBatchBuilder.aBatch().recordsOfSize(1, 100).toBuffer();

        // then the record length (107, zigzag 214) takes two bytes: 0xD6 0x01
        assertThat(bytes.get(RecordBatch.HEADER_SIZE)).isEqualTo((byte) 0xD6);
        assertThat(bytes.get(RecordBatch.HEADER_SIZE + 1)).isEqualTo((byte) 0x01);
        assertThat(bytes.capacity()).isEqualTo(RecordBatch.HEADER_SIZE + 2 + 107);
    }

    @Test
    void shouldProduceBatchesThatPassValidation() {
        RecordBatch batch = RecordBatchBuilder.aBatch().records(5).producer(7, 1, 10).build();

        assertThat(batch.validate()).isSameAs(batch);
    }
}
