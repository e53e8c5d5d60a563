package io.hexalog.adapter.http.admin;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses the partition of a record produced without one as the Java producer does: a keyed record goes to
 * the murmur2 hash of its key modulo the partition count, so the API and the clients agree on where a key
 * lives; records without a key take turns over the partitions.
 */
final class DefaultPartitioner {

    private static final int SEED = 0x9747b28c;
    private static final int MIX = 0x5bd1e995;

    private final AtomicInteger nextUnkeyed = new AtomicInteger();

    int partition(byte[] key, int partitionCount) {
        if (key == null) {
            return Math.floorMod(nextUnkeyed.getAndIncrement(), partitionCount);
        }
        return (murmur2(key) & 0x7fffffff) % partitionCount;
    }

    /** MurmurHash2, 32 bits, as Kafka's clients hash keys. */
    static int murmur2(byte[] data) {
        int length = data.length;
        int hash = SEED ^ length;
        int whole = length & ~3;
        for (int i = 0; i < whole; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= MIX;
            k ^= k >>> 24;
            k *= MIX;
            hash *= MIX;
            hash ^= k;
        }
        int tail = length - whole;
        if (tail == 3) {
            hash ^= (data[whole + 2] & 0xff) << 16;
        }
        if (tail >= 2) {
            hash ^= (data[whole + 1] & 0xff) << 8;
        }
        if (tail >= 1) {
            hash ^= data[whole] & 0xff;
            hash *= MIX;
        }
        hash ^= hash >>> 13;
        hash *= MIX;
        hash ^= hash >>> 15;
        return hash;
    }
}
