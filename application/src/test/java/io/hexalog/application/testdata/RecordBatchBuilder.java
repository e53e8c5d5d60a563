package io.hexalog.application.testdata;

import io.hexalog.domain.log.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds valid, uncompressed Kafka v2 record batches for tests: header fields as chosen, records encoded as
 * the <a href="https://kafka.apache.org/documentation/#record">protocol guide</a> describes, CRC-32C over
 * everything from the attributes to the end.
 *
 * <pre>{@code
 * RecordBatch batch = aBatch().withBaseOffset(10).withRecords(3).withProducer(7, (short) 0, 0).build();
 * }</pre>
 */
public final class RecordBatchBuilder {

    /** An arbitrary but fixed instant, so that batches are reproducible. */
    public static final long DEFAULT_TIMESTAMP = 1_700_000_000_000L;

    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int CRC_OFFSET = 17;

    private long baseOffset;
    private int partitionLeaderEpoch;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private long[] timestamps = {DEFAULT_TIMESTAMP};
    private int valueSize = 16;

    private RecordBatchBuilder() {
    }

    /** A batch of one record at offset 0, without producer ID, stamped {@link #DEFAULT_TIMESTAMP}. */
    public static RecordBatchBuilder aBatch() {
        return new RecordBatchBuilder();
    }

    public RecordBatchBuilder withBaseOffset(long baseOffset) {
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder withPartitionLeaderEpoch(int partitionLeaderEpoch) {
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /** {@code count} records, all stamped with the first record's timestamp. */
    public RecordBatchBuilder withRecords(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a batch holds at least one record");
        }
        long[] stamped = new long[count];
        Arrays.fill(stamped, timestamps[0]);
        this.timestamps = stamped;
        return this;
    }

    /** One record per timestamp, in this order; the batch's max timestamp is the greatest of them. */
    public RecordBatchBuilder withTimestamps(long... timestamps) {
        if (timestamps.length < 1) {
            throw new IllegalArgumentException("a batch holds at least one record");
        }
        this.timestamps = timestamps.clone();
        return this;
    }

    public RecordBatchBuilder withProducer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** The size of each record's value; use it to build batches of a chosen size. */
    public RecordBatchBuilder withValueSize(int valueSize) {
        if (valueSize < 0) {
            throw new IllegalArgumentException("value size must not be negative");
        }
        this.valueSize = valueSize;
        return this;
    }

    /** The batch, checked with {@link RecordBatch#validate()} as the broker would check it. */
    public RecordBatch build() {
        return RecordBatch.wrap(ByteBuffer.wrap(buildBytes())).validate();
    }

    public byte[] buildBytes() {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        long baseTimestamp = timestamps[0];
        long maxTimestamp = Arrays.stream(timestamps).max().orElseThrow();
        for (int delta = 0; delta < timestamps.length; delta++) {
            writeRecord(records, delta, timestamps[delta] - baseTimestamp);
        }
        byte[] recordBytes = records.toByteArray();

        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + recordBytes.length);
        batch.putLong(baseOffset);
        batch.putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD);
        batch.putInt(partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC_V2);
        batch.putInt(0); // CRC, computed below
        batch.putShort((short) 0); // attributes: no compression, create time, not transactional
        batch.putInt(timestamps.length - 1);
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(producerId);
        batch.putShort(producerEpoch);
        batch.putInt(baseSequence);
        batch.putInt(timestamps.length);
        batch.put(recordBytes);

        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES_OFFSET, batch.capacity() - ATTRIBUTES_OFFSET);
        batch.putInt(CRC_OFFSET, (int) crc.getValue());
        return batch.array();
    }

    private void writeRecord(ByteArrayOutputStream out, int offsetDelta, long timestampDelta) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // record attributes, unused
        writeVarlong(body, timestampDelta);
        writeVarlong(body, offsetDelta);
        byte[] key = ("key-" + offsetDelta).getBytes(StandardCharsets.US_ASCII);
        writeVarlong(body, key.length);
        body.writeBytes(key);
        byte[] value = value(offsetDelta);
        writeVarlong(body, value.length);
        body.writeBytes(value);
        writeVarlong(body, 0); // no headers
        writeVarlong(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    /** Bytes that differ from record to record and batch to batch, so a mix-up cannot go unnoticed. */
    private byte[] value(int offsetDelta) {
        byte[] value = new byte[valueSize];
        long seed = baseOffset * 31 + offsetDelta;
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + Math.floorMod(seed + i, 26));
        }
        return value;
    }

    /** Zig-zag varint, as Kafka encodes every integer inside a record. */
    private static void writeVarlong(ByteArrayOutputStream out, long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            out.write((int) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        out.write((int) zigZag);
    }
}
