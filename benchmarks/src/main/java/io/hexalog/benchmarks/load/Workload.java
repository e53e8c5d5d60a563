package io.hexalog.benchmarks.load;

/**
 * One bounded load run.
 *
 * @param records       records to produce and then consume, warm-up excluded
 * @param warmupRecords records produced and consumed first, on a separate topic, and not measured
 * @param recordSize    value size in bytes (at least 8: the value starts with its send time)
 * @param partitions    partitions of the topic, which the run creates and deletes
 * @param acks          "0", "1" or "all"
 * @param idempotence   whether the producer is idempotent (needs acks=all)
 * @param compression   producer compression: none, gzip, snappy, lz4 or zstd
 * @param rate          records per second to send at, or 0 for as fast as the producer can
 * @param timeoutSeconds the run gives up after this long, whatever is left to do
 */
record Workload(long records, long warmupRecords, int recordSize, int partitions, String acks, boolean idempotence,
                String compression, int rate, int timeoutSeconds) {

    Workload {
        if (records < 1 || warmupRecords < 0) {
            throw new IllegalArgumentException("records must be positive and warm-up records not negative");
        }
        if (recordSize < Long.BYTES) {
            throw new IllegalArgumentException("record size must be at least 8 bytes (the send time)");
        }
        if (partitions < 1 || rate < 0 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("partitions and timeout must be positive, rate not negative");
        }
        if (idempotence && !acks.equals("all")) {
            throw new IllegalArgumentException("an idempotent producer needs acks=all");
        }
    }

    Workload warmup() {
        return new Workload(Math.max(1, warmupRecords), 0, recordSize, partitions, acks, idempotence, compression,
                rate, timeoutSeconds);
    }
}
