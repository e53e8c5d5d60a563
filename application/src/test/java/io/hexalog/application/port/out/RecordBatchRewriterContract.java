package io.hexalog.application.port.out;

import io.hexalog.application.port.out.RecordBatchRewriter.Rewrite;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.application.testdata.KeyedRecord;
import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.compaction.KeyOffsetMap;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.LastRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RecordBatchRewriter} promises, on uncompressed batches. An adapter that reads compressed batches
 * adds its codecs in its own test.
 */
public abstract class RecordBatchRewriterContract {

    protected static final long NOW = KeyedBatch.BASE_TIMESTAMP + 1_000_000;
    protected static final long DELETE_RETENTION_MS = 5_000;
    private static final long PRODUCER = 42;

    private RecordBatchRewriter rewriter;
    private final KeyOffsetMap latest = KeyOffsetMap.forKeys(1000);

    /** The adapter under test. Called once before each test. */
    protected abstract RecordBatchRewriter createRewriter();

    @BeforeEach
    void createRewriterUnderTest() {
        rewriter = createRewriter();
    }

    protected RecordBatchRewriter rewriter() {
        return rewriter;
    }

    @Test
    void shouldVisitTheKeyOfEveryKeyedRecordInOffsetOrder() {
        RecordBatch batch = KeyedBatch.at(10).record("a", "1").record(null, "2").record("b", null).build();
        List<String> visited = new ArrayList<>();

        rewriter.forEachKey(batch, (offset, key) -> visited.add(offset + "=" + text(key)));

        assertThat(visited).containsExactly("10=a", "12=b");
    }

    @Test
    void shouldVisitNoKeyOfAControlBatch() {
        RecordBatch marker = KeyedBatch.at(10).record("\0\0\0\0", "").producer(PRODUCER, 0, -1).transactional()
                .control().build();
        List<Long> visited = new ArrayList<>();

        rewriter.forEachKey(marker, (offset, key) -> visited.add(offset));

        assertThat(visited).isEmpty();
    }

    @Test
    void shouldFindARecordWithoutAKey() {
        assertThat(rewriter.hasRecordWithoutKey(KeyedBatch.at(10).record("a", "1").record(null, "2").build())).isTrue();
        assertThat(rewriter.hasRecordWithoutKey(KeyedBatch.at(10).record("a", "1").record("", null).build())).isFalse();
    }

    @Test
    void shouldKeepOnlyTheLatestRecordOfEachKeyAtItsOffset() {
        RecordBatch batch = KeyedBatch.at(10).producer(PRODUCER, 3, 7)
                .record("a", "1").record("b", "2").record("a", "3").record("c", "4").build();
        latest.put(key("a"), 12);
        latest.put(key("b"), 99);

        Rewrite rewrite = rewriter.rewrite(batch, rule(Map.of()), NOW, DELETE_RETENTION_MS);

        assertThat(rewrite.changed()).isTrue();
        assertThat(rewrite.recordsRead()).isEqualTo(4);
        assertThat(rewrite.recordsKept()).isEqualTo(2);
        RecordBatch cleaned = rewrite.cleaned().orElseThrow();
        assertThat(crcIsIntact(cleaned)).isTrue();
        assertThat(KeyedBatch.recordsOf(cleaned)).containsExactly(
                new KeyedRecord(12, KeyedBatch.BASE_TIMESTAMP + 12, "a", "3"),
                new KeyedRecord(13, KeyedBatch.BASE_TIMESTAMP + 13, "c", "4"));
        assertThat(cleaned.baseOffset()).isEqualTo(10);
        assertThat(cleaned.lastOffset()).isEqualTo(13);
        assertThat(cleaned.producerId()).isEqualTo(PRODUCER);
        assertThat(cleaned.producerEpoch()).isEqualTo((short) 3);
        assertThat(cleaned.baseSequence()).isEqualTo(7);
        assertThat(cleaned.compression()).isEqualTo(batch.compression());
    }

    @Test
    void shouldKeepTheLastOffsetOfABatchWhoseLastRecordsGo() {
        RecordBatch batch = KeyedBatch.at(10).producer(PRODUCER, 0, 0).record("a", "1").record("b", "2").build();
        latest.put(key("b"), 20);

        RecordBatch cleaned = rewriter.rewrite(batch, rule(Map.of()), NOW, DELETE_RETENTION_MS).cleaned().orElseThrow();

        assertThat(cleaned.lastOffset()).isEqualTo(11);
        assertThat(cleaned.lastSequence()).isEqualTo(batch.lastSequence());
        assertThat(KeyedBatch.recordsOf(cleaned)).extracting(KeyedRecord::key).containsExactly("a");
    }

    @Test
    void shouldLeaveABatchWhoseRecordsAllStayAsItIs() {
        RecordBatch batch = KeyedBatch.at(10).record("a", "1").record("b", "2").build();

        Rewrite rewrite = rewriter.rewrite(batch, rule(Map.of()), NOW, DELETE_RETENTION_MS);

        assertThat(rewrite.changed()).isFalse();
        assertThat(rewrite.cleaned().orElseThrow().bytes()).isEqualTo(batch.bytes());
    }

    @Test
    void shouldRemoveABatchNoRecordOfWhichStays() {
        RecordBatch batch = KeyedBatch.at(10).record("a", "1").record(null, "2").build();
        latest.put(key("a"), 30);

        Rewrite rewrite = rewriter.rewrite(batch, rule(Map.of()), NOW, DELETE_RETENTION_MS);

        assertThat(rewrite.changed()).isTrue();
        assertThat(rewrite.cleaned()).isEmpty();
    }

    @Test
    void shouldKeepTheEmptiedLastBatchOfAProducerAsAnEmptyBatch() {
        RecordBatch batch = KeyedBatch.at(10).producer(PRODUCER, 2, 5).record("a", "1").record("a", "2").build();
        latest.put(key("a"), 30);

        RecordBatch empty = rewriter.rewrite(batch, rule(Map.of(PRODUCER, new LastRecord(OptionalLong.of(11), (short) 2))), NOW, DELETE_RETENTION_MS)
                .cleaned().orElseThrow();

        assertThat(empty.recordCount()).isZero();
        assertThat(empty.baseOffset()).isEqualTo(10);
        assertThat(empty.lastOffset()).isEqualTo(11);
        assertThat(empty.producerId()).isEqualTo(PRODUCER);
        assertThat(empty.producerEpoch()).isEqualTo((short) 2);
        assertThat(empty.baseSequence()).isEqualTo(5);
        assertThat(crcIsIntact(empty)).isTrue();
    }

    @Test
    void shouldRemoveTheBatchesOfAnAbortedTransaction() {
        RecordBatch batch = KeyedBatch.at(10).producer(PRODUCER, 0, 0).transactional().record("a", "1").build();
        CompactionRule rule = new CompactionRule(latest, List.of(new AbortedTransaction(PRODUCER, 10, 11)), Map.of(), NOW);

        assertThat(rewriter.rewrite(batch, rule, NOW, DELETE_RETENTION_MS).cleaned()).isEmpty();
    }

    @Test
    void shouldSetTheDeleteHorizonOfAKeptTombstoneAndRemoveItOnceThatHasPassed() {
        RecordBatch batch = KeyedBatch.at(10).record("a", null).record("b", "2").build();

        RecordBatch first = rewriter.rewrite(batch, rule(Map.of()), NOW, DELETE_RETENTION_MS).cleaned().orElseThrow();
        assertThat(KeyedBatch.recordsOf(first)).extracting(KeyedRecord::key).containsExactly("a", "b");
        assertThat(KeyedBatch.deleteHorizonOf(first)).hasValue(NOW + DELETE_RETENTION_MS);
        assertThat(KeyedBatch.recordsOf(first)).extracting(KeyedRecord::offset).containsExactly(10L, 11L);
        assertThat(KeyedBatch.recordsOf(first)).extracting(KeyedRecord::timestamp)
                .containsExactly(KeyedBatch.BASE_TIMESTAMP + 10, KeyedBatch.BASE_TIMESTAMP + 11);

        Rewrite early = rewriter.rewrite(first, rule(Map.of()), NOW + DELETE_RETENTION_MS - 1, DELETE_RETENTION_MS);
        assertThat(early.changed()).isFalse();

        long later = NOW + DELETE_RETENTION_MS;
        RecordBatch second = rewriter.rewrite(first, new CompactionRule(latest, List.of(), Map.of(), later), later,
                DELETE_RETENTION_MS).cleaned().orElseThrow();
        assertThat(KeyedBatch.recordsOf(second)).extracting(KeyedRecord::key).containsExactly("b");
    }

    @Test
    void shouldLeaveAMarkerWhoseTransactionHasDataInTheLogAsItIs() {
        CompactionRule rule = rule(Map.of());
        rewriter.rewrite(KeyedBatch.at(10).producer(PRODUCER, 0, 0).transactional().record("a", "1").build(), rule,
                NOW, DELETE_RETENTION_MS);

        Rewrite rewrite = rewriter.rewrite(marker(11).build(), rule, NOW, DELETE_RETENTION_MS);

        assertThat(rewrite.changed()).isFalse();
    }

    @Test
    void shouldGiveAMarkerWithoutDataADeleteHorizonAndRemoveItOnceThatHasPassed() {
        RecordBatch marker = marker(11).build();

        RecordBatch first = rewriter.rewrite(marker, rule(Map.of()), NOW, DELETE_RETENTION_MS).cleaned().orElseThrow();
        assertThat(KeyedBatch.deleteHorizonOf(first)).hasValue(NOW + DELETE_RETENTION_MS);
        assertThat(first.isControlBatch()).isTrue();
        assertThat(first.recordCount()).isEqualTo(1);
        assertThat(crcIsIntact(first)).isTrue();

        long early = NOW + DELETE_RETENTION_MS - 1;
        assertThat(rewriter.rewrite(first, new CompactionRule(latest, List.of(), Map.of(), early), early,
                DELETE_RETENTION_MS).changed()).isFalse();

        long later = NOW + DELETE_RETENTION_MS;
        assertThat(rewriter.rewrite(first, new CompactionRule(latest, List.of(), Map.of(), later), later,
                DELETE_RETENTION_MS).cleaned()).isEmpty();
    }

    @Test
    void shouldKeepTheMarkerHoldingTheEpochOfAProducerWithoutDataAsAnEmptyControlBatchOnceItsHorizonHasPassed() {
        // a commit marker that bumped the producer's epoch to 3 (KIP-890): the producer wrote no data in epoch 3
        RecordBatch marker = KeyedBatch.at(11).record("\0\0\0\1", "\0\0\0\0\0\0").producer(PRODUCER, 3, -1)
                .transactional().control().build();
        Map<Long, LastRecord> epochOnly = Map.of(PRODUCER, new LastRecord(OptionalLong.empty(), (short) 3));
        RecordBatch first = rewriter.rewrite(marker, rule(epochOnly), NOW, DELETE_RETENTION_MS).cleaned()
                .orElseThrow();
        assertThat(first.recordCount()).isEqualTo(1);

        long later = NOW + DELETE_RETENTION_MS;
        RecordBatch empty = rewriter.rewrite(first, new CompactionRule(latest, List.of(), epochOnly, later), later,
                DELETE_RETENTION_MS).cleaned().orElseThrow();

        assertThat(empty.recordCount()).isZero();
        assertThat(empty.isControlBatch()).isTrue();
        assertThat(empty.isTransactional()).isTrue();
        assertThat(empty.baseOffset()).isEqualTo(11);
        assertThat(empty.producerId()).isEqualTo(PRODUCER);
        assertThat(empty.producerEpoch()).isEqualTo((short) 3);
        assertThat(crcIsIntact(empty)).isTrue();
    }

    /** A commit marker of {@link #PRODUCER} at {@code offset}: a control record whose key is version 0, type 1. */
    private static KeyedBatch marker(long offset) {
        return KeyedBatch.at(offset).record("\0\0\0\1", "\0\0\0\0\0\0").producer(PRODUCER, 0, -1).transactional()
                .control();
    }

    private CompactionRule rule(Map<Long, LastRecord> lastRecordsOfProducers) {
        return new CompactionRule(latest, List.of(), lastRecordsOfProducers, NOW);
    }

    /** Whether the batch's CRC-32C covers its bytes from the attributes on, as consumers check it. */
    protected static boolean crcIsIntact(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        CRC32C crc = new CRC32C();
        crc.update(bytes.position(bytes.position() + 21));
        return crc.getValue() == batch.checksum();
    }

    protected static ByteBuffer key(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    protected static String text(ByteBuffer key) {
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
