package io.hexalog.application.service;

import io.hexalog.domain.log.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Valid uncompressed Kafka v2 batches for service tests: a header, varint-encoded records with null keys
 * and a CRC-32C from the attributes to the end.
 */
public final class SampleBatches {

    public static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private long[] timestamps = {BASE_TIMESTAMP};
    private int valueSize = 8;
    private short attributes;
    private boolean keyed;

    private SampleBatches() {
    }

    /** {@code count} records, timestamps one millisecond apart from {@link #BASE_TIMESTAMP}. */
    public static SampleBatches records(int count) {
        SampleBatches batch = new SampleBatches();
        batch.timestamps = new long[count];
        for (int i = 0; i < count; i++) {
            batch.timestamps[i] = BASE_TIMESTAMP + i;
        }
        return batch;
    }

    /** One record per timestamp. */
    public static SampleBatches withTimestamps(long... timestamps) {
        SampleBatches batch = new SampleBatches();
        batch.timestamps = timestamps.clone();
        return batch;
    }

    public SampleBatches producer(long id, int epoch, int firstSequence) {
        producerId = id;
        producerEpoch = (short) epoch;
        baseSequence = firstSequence;
        return this;
    }

    /** Marks the batch as part of its producer's transaction. */
    public SampleBatches transactional() {
        attributes |= 0x10;
        return this;
    }

    /** Gives every record a key, {@code key-<index>}, as a compacted topic requires. */
    public SampleBatches keyed() {
        keyed = true;
        return this;
    }

    public SampleBatches valueSize(int bytes) {
        valueSize = bytes;
        return this;
    }

    public RecordBatch build() {
        return RecordBatch.wrap(ByteBuffer.wrap(bytes()));
    }

    public byte[] bytes() {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < timestamps.length; i++) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(0);
            varlong(record, timestamps[i] - timestamps[0]);
            varlong(record, i);
            if (keyed) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                varlong(record, key.length);
                record.writeBytes(key);
            } else {
                varlong(record, -1);
            }
            varlong(record, valueSize);
            record.writeBytes(new byte[valueSize]);
            varlong(record, 0);
            varlong(records, record.size());
            records.writeBytes(record.toByteArray());
        }
        long maxTimestamp = Long.MIN_VALUE;
        for (long timestamp : timestamps) {
            maxTimestamp = Math.max(maxTimestamp, timestamp);
        }
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + records.size());
        batch.putLong(0L)
                .putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD)
                .putInt(-1)
                .put(RecordBatch.MAGIC_V2)
                .putInt(0)
                .putShort(attributes)
                .putInt(timestamps.length - 1)
                .putLong(timestamps[0])
                .putLong(maxTimestamp)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(baseSequence)
                .putInt(timestamps.length)
                .put(records.toByteArray());
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 21, batch.capacity() - 21);
        batch.putInt(17, (int) crc.getValue());
        return batch.array();
    }

    private static void varlong(ByteArrayOutputStream out, long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) (zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
    }
}
