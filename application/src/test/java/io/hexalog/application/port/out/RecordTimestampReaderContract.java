package io.hexalog.application.port.out;

import io.hexalog.application.port.out.RecordTimestampReader.TimestampedOffset;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RecordTimestampReader} promises, on uncompressed batches. An adapter that reads
 * compressed batches adds its codecs in its own test.
 */
public abstract class RecordTimestampReaderContract {

    protected static final long BASE_OFFSET = 100;

    private RecordTimestampReader reader;

    /** The adapter under test. Called once before each test. */
    protected abstract RecordTimestampReader createReader();

    @BeforeEach
    void createReaderUnderTest() {
        reader = createReader();
    }

    protected RecordTimestampReader reader() {
        return reader;
    }

    @Test
    void shouldFindTheFirstRecordInOffsetOrderAtOrAfterATimestamp() {
        // given timestamps out of order, as producers may write them
        RecordBatch batch = batch(1_000, 3_000, 2_000, 4_000);

        assertThat(reader.firstRecordAtOrAfter(batch, 2_500)).contains(new TimestampedOffset(BASE_OFFSET + 1, 3_000));
        assertThat(reader.firstRecordAtOrAfter(batch, 2_000)).contains(new TimestampedOffset(BASE_OFFSET + 1, 3_000));
    }

    @Test
    void shouldFindARecordWhoseTimestampIsExactlyTheOneAskedFor() {
        RecordBatch batch = batch(1_000, 3_000, 2_000, 4_000);

        assertThat(reader.firstRecordAtOrAfter(batch, 1_000)).contains(new TimestampedOffset(BASE_OFFSET, 1_000));
        assertThat(reader.firstRecordAtOrAfter(batch, 4_000)).contains(new TimestampedOffset(BASE_OFFSET + 3, 4_000));
    }

    @Test
    void shouldFindNothingAfterTheGreatestTimestamp() {
        RecordBatch batch = batch(1_000, 3_000, 2_000, 4_000);

        assertThat(reader.firstRecordAtOrAfter(batch, 4_001)).isEmpty();
    }

    @Test
    void shouldNumberRecordsFromTheBaseOffsetOfTheBatch() {
        RecordBatch batch = aBatch().withBaseOffset(7_000_000_000L).withTimestamps(10, 20, 30).build();

        assertThat(reader.firstRecordAtOrAfter(batch, 25)).contains(new TimestampedOffset(7_000_000_002L, 30));
    }

    @Test
    void shouldFindTheRecordWithTheGreatestTimestamp() {
        // given the greatest timestamp is neither first nor last
        RecordBatch batch = batch(1_000, 5_000, 2_000, 4_000);

        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(BASE_OFFSET + 1, 5_000));
    }

    @Test
    void shouldFindTheFirstOfSeveralRecordsSharingTheGreatestTimestamp() {
        RecordBatch batch = batch(1_000, 5_000, 2_000, 5_000);

        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(BASE_OFFSET + 1, 5_000));
    }

    @Test
    void shouldReadTheOnlyRecordOfABatchOfOne() {
        RecordBatch batch = batch(1_000);

        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(BASE_OFFSET, 1_000));
        assertThat(reader.firstRecordAtOrAfter(batch, 0)).contains(new TimestampedOffset(BASE_OFFSET, 1_000));
    }

    @Test
    void shouldReadTimestampsFarFromTheBaseTimestampOnEitherSide() {
        // given deltas that need several varint bytes, one of them negative
        long base = 1_700_000_000_000L;
        RecordBatch batch = batch(base, base - 86_400_000L, base + 10_000_000_000L);

        assertThat(reader.firstRecordAtOrAfter(batch, 0)).contains(new TimestampedOffset(BASE_OFFSET, base));
        assertThat(reader.firstRecordAtOrAfter(batch, base + 1))
                .contains(new TimestampedOffset(BASE_OFFSET + 2, base + 10_000_000_000L));
        assertThat(reader.recordWithMaxTimestamp(batch))
                .isEqualTo(new TimestampedOffset(BASE_OFFSET + 2, base + 10_000_000_000L));
    }

    @Test
    void shouldGiveEveryRecordOfALogAppendTimeBatchTheMaxTimestampOfTheBatch() {
        RecordBatch batch = batch(1_000, 3_000, 2_000);
        batch.stampLogAppendTime(9_000);

        assertThat(reader.firstRecordAtOrAfter(batch, 0)).contains(new TimestampedOffset(BASE_OFFSET, 9_000));
        assertThat(reader.firstRecordAtOrAfter(batch, 9_000)).contains(new TimestampedOffset(BASE_OFFSET, 9_000));
        assertThat(reader.firstRecordAtOrAfter(batch, 9_001)).isEmpty();
        assertThat(reader.recordWithMaxTimestamp(batch)).isEqualTo(new TimestampedOffset(BASE_OFFSET, 9_000));
    }

    @Test
    void shouldLeaveTheBatchAsItFoundIt() {
        RecordBatch batch = batch(1_000, 3_000, 2_000);
        ByteBuffer before = copyOf(batch);

        reader.firstRecordAtOrAfter(batch, 2_000);
        reader.recordWithMaxTimestamp(batch);

        assertThat(copyOf(batch)).isEqualTo(before);
    }

    @Test
    void shouldReadOneBatchFromManyThreadsAtOnce() throws Exception {
        RecordBatch batch = batch(1_000, 5_000, 2_000, 4_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                answers.add(threads.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        boolean right = reader.recordWithMaxTimestamp(batch)
                                .equals(new TimestampedOffset(BASE_OFFSET + 1, 5_000))
                                && reader.firstRecordAtOrAfter(batch, 3_000)
                                .equals(Optional.of(new TimestampedOffset(BASE_OFFSET + 1, 5_000)));
                        if (!right) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** An uncompressed CreateTime batch at {@link #BASE_OFFSET}, one record per timestamp in this order. */
    protected static RecordBatch batch(long... timestamps) {
        return aBatch().withBaseOffset(BASE_OFFSET).withTimestamps(timestamps).build();
    }

    private static ByteBuffer copyOf(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes).flip();
        return copy;
    }
}
