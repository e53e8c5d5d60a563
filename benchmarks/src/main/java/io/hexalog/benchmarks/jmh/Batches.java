package io.hexalog.benchmarks.jmh;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Record batches as a Java producer builds them with its defaults ({@code batch.size} 16 KB): 1 KB records
 * whose values are text-like, so that lz4 compresses them about as well as it does typical JSON.
 */
final class Batches {

    static final int RECORD_SIZE = 1024;
    /** As many 1 KB records as a default 16 KB producer batch holds. */
    static final int RECORDS_PER_BATCH = 15;

    private Batches() {
    }

    /** One batch at base offset 0, positioned at its start, in a heap buffer of its exact size. */
    static ByteBuffer batch(String compression, long seed) {
        Random random = new Random(seed);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, compression(compression),
                TimestampType.CREATE_TIME, 0L);
        long now = 1_700_000_000_000L;
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            builder.append(now + i, ("key-" + i).getBytes(), value(random));
        }
        ByteBuffer built = builder.build().buffer();
        ByteBuffer exact = ByteBuffer.allocate(built.remaining());
        exact.put(built).flip();
        return exact;
    }

    private static Compression compression(String name) {
        return switch (name) {
            case "none" -> Compression.NONE;
            case "lz4" -> Compression.lz4().build();
            default -> throw new IllegalArgumentException("Unknown compression " + name);
        };
    }

    private static byte[] value(Random random) {
        String[] words = {"order", "customer", "amount", "currency", "EUR", "status", "shipped", "true", "id"};
        StringBuilder text = new StringBuilder(RECORD_SIZE);
        while (text.length() < RECORD_SIZE) {
            text.append('"').append(words[random.nextInt(words.length)]).append("\":")
                    .append(random.nextInt(1_000_000)).append(',');
        }
        text.setLength(RECORD_SIZE);
        return text.toString().getBytes();
    }
}
