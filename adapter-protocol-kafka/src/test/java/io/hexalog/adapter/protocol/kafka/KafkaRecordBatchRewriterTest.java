package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.RecordBatchRewriterContract;
import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.compaction.KeyOffsetMap;
import io.hexalog.domain.log.RecordBatch;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rewriter keeps the port's contract, and cleans batches in every codec a producer may use, keeping it. */
class KafkaRecordBatchRewriterTest extends RecordBatchRewriterContract {

    private static final long PRODUCER = 7;

    @Override
    protected RecordBatchRewriter createRewriter() {
        return new KafkaRecordBatchRewriter();
    }

    static Stream<Compression> codecs() {
        return Stream.of(Compression.gzip().build(), Compression.lz4().build(), Compression.zstd().build(),
                Compression.snappy().build());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldCleanACompressedBatchKeepingItsCodecProducerAndSequence(Compression compression) {
        RecordBatch batch = compressed(compression, "a", "b", "a", "c");
        KeyOffsetMap latest = KeyOffsetMap.forKeys(1000);
        latest.put(key("a"), 102);
        List<String> keysSeen = new ArrayList<>();
        createRewriter().forEachKey(batch, (offset, key) -> keysSeen.add(offset + "=" + text(key)));

        RecordBatch cleaned = createRewriter().rewrite(batch, new CompactionRule(latest, List.of(), Map.of(), NOW), NOW,
                DELETE_RETENTION_MS).cleaned().orElseThrow();

        assertThat(keysSeen).containsExactly("100=a", "101=b", "102=a", "103=c");
        assertThat(cleaned.compression()).isEqualTo(batch.compression());
        assertThat(cleaned.baseOffset()).isEqualTo(100);
        assertThat(cleaned.lastOffset()).isEqualTo(103);
        assertThat(cleaned.producerId()).isEqualTo(PRODUCER);
        assertThat(cleaned.producerEpoch()).isEqualTo((short) 1);
        assertThat(cleaned.baseSequence()).isEqualTo(20);
        assertThat(crcIsIntact(cleaned)).isTrue();
        assertThat(recordsOf(cleaned)).containsExactly("101=b:value-1", "102=a:value-2", "103=c:value-3");
    }

    private static List<String> recordsOf(RecordBatch batch) {
        List<String> read = new ArrayList<>();
        for (var decoded : MemoryRecords.readableRecords(batch.bytes()).batches()) {
            for (Record record : decoded) {
                read.add(record.offset() + "=" + text(record.key()) + ":" + text(record.value()));
            }
        }
        return read;
    }

    private static RecordBatch compressed(Compression compression, String... keys) {
        SimpleRecord[] records = new SimpleRecord[keys.length];
        for (int i = 0; i < keys.length; i++) {
            records[i] = new SimpleRecord(1_000 + i, keys[i].getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords built = MemoryRecords.withIdempotentRecords(100, compression, PRODUCER, (short) 1, 20, 0,
                records);
        return RecordBatch.wrap(built.buffer());
    }
}
