package io.hexalog.adapter.http.admin;

import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch the writer makes is one the broker accepts, and the reader gets its records back as they were. */
class RecordBatchWriterTest {

    private static final int RECORD_COUNT_POSITION = 57;

    @Test
    void shouldWriteABatchWhoseRecordsReadBackWithKeysValuesHeadersAndTimestamps() {
        RecordBatch batch = RecordBatchWriter.write(List.of(
                new RecordBatchWriter.Entry(1_000L, bytes("k"), bytes("v"),
                        List.of(new LogRecord.Header("h", bytes("x")), new LogRecord.Header("empty", null))),
                new RecordBatchWriter.Entry(900L, null, null, List.of())));
        batch.assignBaseOffset(40);

        List<LogRecord> records = RecordBatchReader.records(batch);

        assertThat(batch.recordCount()).isEqualTo(2);
        assertThat(batch.maxTimestamp()).isEqualTo(1_000L);
        assertThat(records).extracting(LogRecord::offset).containsExactly(40L, 41L);
        assertThat(records).extracting(LogRecord::timestamp).containsExactly(1_000L, 900L);
        assertThat(records.get(0).key()).isEqualTo(bytes("k"));
        assertThat(records.get(0).value()).isEqualTo(bytes("v"));
        assertThat(records.get(0).headers()).extracting(LogRecord.Header::key).containsExactly("h", "empty");
        assertThat(records.get(0).headers().get(0).value()).isEqualTo(bytes("x"));
        assertThat(records.get(0).headers().get(1).value()).isNull();
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void shouldReportEveryRecordOfALogAppendTimeBatchAtTheAppendTime() {
        RecordBatch batch = RecordBatchWriter.write(List.of(
                new RecordBatchWriter.Entry(1L, null, bytes("a"), List.of()),
                new RecordBatchWriter.Entry(2L, null, bytes("b"), List.of())));
        batch.stampLogAppendTime(5_000L);

        assertThat(RecordBatchReader.records(batch)).extracting(LogRecord::timestamp).containsExactly(5_000L, 5_000L);
    }

    @Test
    void shouldRefuseToReadABatchWhoseRecordsEndEarly() {
        ByteBuffer bytes = RecordBatchWriter.write(List.of(new RecordBatchWriter.Entry(1L, null, bytes("a"), List.of())))
                .bytes();
        ByteBuffer claimsTwo = ByteBuffer.allocate(bytes.remaining()).put(bytes).putInt(RECORD_COUNT_POSITION, 2).flip();

        assertThatThrownBy(() -> RecordBatchReader.records(RecordBatch.wrap(claimsTwo)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot read the records");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
