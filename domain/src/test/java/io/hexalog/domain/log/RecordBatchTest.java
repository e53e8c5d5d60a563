package io.hexalog.domain.log;

import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.UnsupportedForMessageFormatException;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBatchTest {

    @Test
    void shouldReadHeaderFields() {
        // given
        RecordBatch batch = aBatch()
                .baseOffset(42)
                .partitionLeaderEpoch(3)
                .producer(1234L, 5, 17)
                .timestamps(1_000L, 3_000L, 2_000L)
                .build();

        // then
        assertThat(batch.baseOffset()).isEqualTo(42);
        assertThat(batch.lastOffsetDelta()).isEqualTo(2);
        assertThat(batch.lastOffset()).isEqualTo(44);
        assertThat(batch.nextOffset()).isEqualTo(45);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.baseTimestamp()).isEqualTo(1_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(3_000L);
        assertThat(batch.producerId()).isEqualTo(1234L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 5);
        assertThat(batch.hasProducerId()).isTrue();
        assertThat(batch.baseSequence()).isEqualTo(17);
        assertThat(batch.lastSequence()).isEqualTo(19);
        assertThat(batch.compression()).isEqualTo(CompressionType.NONE);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
    }

    @Test
    void shouldReadAttributeFlags() {
        // given attributes: zstd (4), log append time (0x08), transactional (0x10), control (0x20)
        RecordBatch batch = aBatch().attributes(0x04 | 0x08 | 0x10 | 0x20).build();

        // then
        assertThat(batch.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControlBatch()).isTrue();
    }

    @Test
    void shouldTellBatchesWithoutProducerId() {
        RecordBatch batch = aBatch().build();

        assertThat(batch.hasProducerId()).isFalse();
        assertThat(batch.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
    }

    @Test
    void shouldAcceptWellFormedBatch() {
        RecordBatch batch = aBatch().records(10).build();

        assertThat(batch.validate()).isSameAs(batch);
    }

    @Test
    void shouldRejectBatchWithBadCrc() {
        // given a valid batch whose last record byte is then flipped
        byte[] bytes = aBatch().records(3).toBytes();
        bytes[bytes.length - 1] ^= 0x01;
        RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(bytes));

        // then
        assertThatThrownBy(batch::validate)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void shouldRejectBatchWhoseAttributesWereAlteredAfterCrc() {
        // the CRC starts at the attributes: flipping the transactional bit must be detected
        byte[] bytes = aBatch().toBytes();
        bytes[22] ^= 0x10;

        assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(bytes)).validate())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void shouldRejectBatchWithBadStoredCrcField() {
        byte[] bytes = aBatch().toBytes();
        bytes[17] ^= (byte) 0x80;

        assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(bytes)).validate())
                .isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void shouldRejectOldMessageFormatsAsUnsupported(int magic) {
        RecordBatch batch = aBatch().magic(magic).build();

        assertThatThrownBy(batch::validate).isInstanceOf(UnsupportedForMessageFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, -1, 127})
    void shouldRejectUnknownMagicAsCorrupt(int magic) {
        RecordBatch batch = aBatch().magic(magic).build();

        assertThatThrownBy(batch::validate).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectRecordCountThatDisagreesWithLastOffsetDelta() {
        RecordBatch batch = aBatch().records(3).lastOffsetDelta(5).build();

        assertThatThrownBy(batch::validate)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("last offset delta");
    }

    @Test
    void shouldRejectRecordCountFieldThatDisagreesWithLastOffsetDelta() {
        RecordBatch batch = aBatch().records(3).recordCountField(2).build();

        assertThatThrownBy(batch::validate).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void shouldRejectBatchWithoutRecords(int count) {
        RecordBatch batch = aBatch().recordCountField(count).lastOffsetDelta(count - 1).build();

        assertThatThrownBy(batch::validate).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7})
    void shouldRejectUnknownCompressionCodec(int codec) {
        RecordBatch batch = aBatch().attributes(codec).build();

        assertThatThrownBy(batch::validate).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldAssignBaseOffsetAndLeaderEpochWithoutBreakingTheCrc() {
        // given a validated batch as a producer sent it
        RecordBatch batch = aBatch().records(4).build().validate();
        long crcBefore = batch.checksum();

        // when the broker places it in the log
        batch.assignBaseOffset(1_000L);
        batch.assignPartitionLeaderEpoch(7);

        // then the header says so and the CRC still matches the bytes
        assertThat(batch.baseOffset()).isEqualTo(1_000L);
        assertThat(batch.lastOffset()).isEqualTo(1_003L);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.checksum()).isEqualTo(crcBefore);
        assertThat(batch.validate()).isSameAs(batch);
    }

    @Test
    void shouldWrapSequencesPastIntegerMaxValue() {
        // given three records starting two below the largest sequence
        RecordBatch batch = aBatch().records(3).producer(1, 0, Integer.MAX_VALUE - 1).build();

        // then the sequences are MAX-1, MAX, 0
        assertThat(batch.lastSequence()).isZero();
    }

    @Test
    void shouldExposeReadOnlyBytesOfTheWholeBatch() {
        byte[] original = aBatch().records(2).toBytes();
        RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(original.clone()));

        ByteBuffer bytes = batch.bytes();

        assertThat(bytes.isReadOnly()).isTrue();
        assertThat(bytes.position()).isZero();
        assertThat(bytes.remaining()).isEqualTo(original.length).isEqualTo(batch.sizeInBytes());
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        assertThat(copy).isEqualTo(original);
    }

    @Test
    void shouldRejectWrappingFewerBytesThanAHeader() {
        byte[] truncated = Arrays.copyOf(aBatch().toBytes(), RecordBatch.HEADER_SIZE - 1);

        assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(truncated)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectWrappingBytesThatDisagreeWithTheLength() {
        byte[] bytes = aBatch().records(2).toBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(truncated)))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatch.wrap(ByteBuffer.wrap(padded)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldWrapFromTheBufferPosition() {
        byte[] batch = aBatch().toBytes();
        ByteBuffer buffer = ByteBuffer.allocate(batch.length + 5);
        buffer.position(5);
        buffer.put(batch);
        buffer.position(5);

        assertThat(RecordBatch.wrap(buffer).validate().sizeInBytes()).isEqualTo(batch.length);
    }

    @Test
    void shouldSplitBatchesSentBackToBack() {
        // given three batches in one buffer
        ByteBuffer records = RecordBatchBuilder.concat(
                aBatch().records(1), aBatch().records(2).baseOffset(1), aBatch().records(3).baseOffset(3));

        // when
        List<RecordBatch> batches = RecordBatch.splitAll(records);

        // then each is a valid batch of its own
        assertThat(batches).extracting(RecordBatch::recordCount).containsExactly(1, 2, 3);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L, 3L);
        batches.forEach(RecordBatch::validate);
    }

    @Test
    void shouldSplitAnEmptyBufferIntoNoBatches() {
        assertThat(RecordBatch.splitAll(ByteBuffer.allocate(0))).isEmpty();
    }

    @Test
    void shouldShareMemoryBetweenSplitBatchesAndTheBuffer() {
        ByteBuffer records = RecordBatchBuilder.concat(aBatch(), aBatch());

        RecordBatch.splitAll(records).get(1).assignBaseOffset(99);

        assertThat(records.getLong(aBatch().toBytes().length)).isEqualTo(99);
    }

    @Test
    void shouldRejectTruncatedLastBatchWhenSplitting() {
        byte[] two = RecordBatchBuilder.concat(aBatch(), aBatch().records(3)).array();
        ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(two, two.length - 4));

        assertThatThrownBy(() -> RecordBatch.splitAll(truncated)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectTrailingFragmentShorterThanTheLengthPrefix() {
        byte[] one = aBatch().toBytes();
        ByteBuffer withFragment = ByteBuffer.wrap(Arrays.copyOf(one, one.length + 7));

        assertThatThrownBy(() -> RecordBatch.splitAll(withFragment)).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 10_000, -1, Integer.MIN_VALUE, 0, RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD - 1})
    void shouldRejectImpossibleLengthWhenSplitting(int declaredLength) {
        ByteBuffer records = aBatch().toBuffer();
        records.putInt(8, declaredLength);

        assertThatThrownBy(() -> RecordBatch.splitAll(records)).isInstanceOf(CorruptRecordException.class);
    }
}
