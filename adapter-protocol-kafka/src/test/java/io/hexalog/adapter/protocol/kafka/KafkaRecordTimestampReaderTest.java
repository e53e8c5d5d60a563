package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.port.out.RecordTimestampReader.TimestampedOffset;
import io.hexalog.application.port.out.RecordTimestampReaderContract;
import io.hexalog.domain.log.RecordBatch;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader keeps the port's contract, and reads batches in every codec a producer may use. */
class KafkaRecordTimestampReaderTest extends RecordTimestampReaderContract {

    @Override
    protected RecordTimestampReader createReader() {
        return new KafkaRecordTimestampReader();
    }

    static Stream<Compression> codecs() {
        return Stream.of(Compression.gzip().build(), Compression.lz4().build(), Compression.zstd().build(),
                Compression.snappy().build());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldFindFirstRecordAtOrAfterTimestampInACompressedBatch(Compression compression) {
        // given timestamps out of order, as producers may write them
        RecordBatch batch = compressed(compression, 1_000, 3_000, 2_000, 4_000);

        // when
        TimestampedOffset found = reader().firstRecordAtOrAfter(batch, 2_500).orElseThrow();

        // then
        assertThat(found).isEqualTo(new TimestampedOffset(BASE_OFFSET + 1, 3_000));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldFindNothingAfterTheLastTimestampInACompressedBatch(Compression compression) {
        // given
        RecordBatch batch = compressed(compression, 1_000, 3_000, 2_000, 4_000);

        // when / then
        assertThat(reader().firstRecordAtOrAfter(batch, 4_001)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldFindTheRecordWithTheMaxTimestampInACompressedBatch(Compression compression) {
        // given the greatest timestamp is neither first nor last
        RecordBatch batch = compressed(compression, 1_000, 5_000, 2_000, 4_000);

        // when
        TimestampedOffset found = reader().recordWithMaxTimestamp(batch);

        // then
        assertThat(found).isEqualTo(new TimestampedOffset(BASE_OFFSET + 1, 5_000));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldGiveEveryRecordOfACompressedLogAppendTimeBatchTheMaxTimestampOfTheBatch(Compression compression) {
        // given a compressed batch the broker stamped, leaving its records as the producer wrote them
        RecordBatch batch = compressed(compression, 1_000, 3_000, 2_000);
        batch.stampLogAppendTime(9_000);

        // when / then
        assertThat(reader().firstRecordAtOrAfter(batch, 5_000)).contains(new TimestampedOffset(BASE_OFFSET, 9_000));
        assertThat(reader().recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(BASE_OFFSET, 9_000));
    }

    private static RecordBatch compressed(Compression compression, long... timestamps) {
        SimpleRecord[] records = LongStream.of(timestamps)
                .mapToObj(timestamp -> KafkaWire.record(timestamp, "at-" + timestamp))
                .toArray(SimpleRecord[]::new);
        MemoryRecords built = MemoryRecords.withRecords(BASE_OFFSET, compression, records);
        return RecordBatch.wrap(built.buffer()).validate();
    }
}
