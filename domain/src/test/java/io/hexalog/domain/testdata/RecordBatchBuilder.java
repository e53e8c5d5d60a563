package io.hexalog.domain.testdata;

import io.hexalog.domain.log.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes valid, uncompressed Kafka v2 record batches for tests: header, varint-encoded records and a CRC-32C
 * over everything from the attributes to the end. Header fields a test wants to break can be overridden;
 * the CRC is still computed over the result, so only the intended field is wrong.
 */
public final class RecordBatchBuilder {

    public static final long DEFAULT_TIMESTAMP = 1_700_000_000_000L;

    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int CRC_OFFSET = 17;
    private static final short TRANSACTIONAL = 0x10;
    private static final short CONTROL = 0x20;
    private static final short DELETE_HORIZON = 0x40;

    private final List<byte[]> values = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();
    private long baseOffset;
    private int partitionLeaderEpoch = -1;
    private byte magic = RecordBatch.MAGIC_V2;
    private short attributes;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private Integer lastOffsetDeltaOverride;
    private Integer recordCountOverride;
    private Long deleteHorizonMs;

    private RecordBatchBuilder() {
    }

    /** A batch of one record, with no producer ID. */
    public static RecordBatchBuilder aBatch() {
        return new RecordBatchBuilder().records(1);
    }

    /** {@code count} records with small distinct values, one millisecond apart from the default timestamp. */
    public RecordBatchBuilder records(int count) {
        return recordsOfSize(count, 0);
    }

    /** {@code count} records whose values are {@code valueSize} bytes each (at least their index as text). */
    public RecordBatchBuilder recordsOfSize(int count, int valueSize) {
        values.clear();
        timestamps.clear();
        for (int i = 0; i < count; i++) {
            byte[] text = ("value-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[Math.max(text.length, valueSize)];
            System.arraycopy(text, 0, value, 0, text.length);
            values.add(value);
            timestamps.add(DEFAULT_TIMESTAMP + i);
        }
        return this;
    }

    /** One record per timestamp, in this order (not necessarily ascending). */
    public RecordBatchBuilder timestamps(long... recordTimestamps) {
        records(recordTimestamps.length);
        timestamps.clear();
        for (long timestamp : recordTimestamps) {
            timestamps.add(timestamp);
        }
        return this;
    }

    public RecordBatchBuilder baseOffset(long offset) {
        this.baseOffset = offset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    public RecordBatchBuilder magic(int value) {
        this.magic = (byte) value;
        return this;
    }

    /** An idempotent producer's batch. */
    public RecordBatchBuilder producer(long id, int epoch, int firstSequence) {
        this.producerId = id;
        this.producerEpoch = (short) epoch;
        this.baseSequence = firstSequence;
        return this;
    }

    public RecordBatchBuilder transactional() {
        attributes |= TRANSACTIONAL;
        return this;
    }

    public RecordBatchBuilder control() {
        attributes |= CONTROL;
        return this;
    }

    /** A batch a cleaning gave a delete horizon (KIP-534): the flag set and the base timestamp holding the horizon. */
    public RecordBatchBuilder deleteHorizon(long horizonMs) {
        attributes |= DELETE_HORIZON;
        this.deleteHorizonMs = horizonMs;
        return this;
    }

    /** Sets the raw attributes field (compression in the low three bits, timestamp type, flags). */
    public RecordBatchBuilder attributes(int value) {
        this.attributes = (short) value;
        return this;
    }

    /** Writes this last offset delta instead of the one the records imply. */
    public RecordBatchBuilder lastOffsetDelta(int delta) {
        this.lastOffsetDeltaOverride = delta;
        return this;
    }

    /** Writes this record count instead of the number of records. */
    public RecordBatchBuilder recordCountField(int count) {
        this.recordCountOverride = count;
        return this;
    }

    public RecordBatch build() {
        return RecordBatch.wrap(toBuffer());
    }

    /** The batch's bytes in a fresh heap buffer, positioned at 0. */
    public ByteBuffer toBuffer() {
        return ByteBuffer.wrap(toBytes());
    }

    public byte[] toBytes() {
        long firstTimestamp = timestamps.isEmpty() ? RecordBatch.NO_TIMESTAMP : timestamps.get(0);
        long baseTimestamp = deleteHorizonMs != null ? deleteHorizonMs : firstTimestamp;
        long maxTimestamp = timestamps.stream().mapToLong(Long::longValue).max().orElse(RecordBatch.NO_TIMESTAMP);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < values.size(); i++) {
            writeRecord(records, i, timestamps.get(i) - baseTimestamp, values.get(i));
        }
        byte[] body = records.toByteArray();

        ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + body.length);
        buffer.putLong(baseOffset);
        buffer.putInt(buffer.capacity() - RecordBatch.LOG_OVERHEAD);
        buffer.putInt(partitionLeaderEpoch);
        buffer.put(magic);
        buffer.putInt(0); // CRC, filled in below
        buffer.putShort(attributes);
        buffer.putInt(lastOffsetDeltaOverride != null ? lastOffsetDeltaOverride : values.size() - 1);
        buffer.putLong(baseTimestamp);
        buffer.putLong(maxTimestamp);
        buffer.putLong(producerId);
        buffer.putShort(producerEpoch);
        buffer.putInt(baseSequence);
        buffer.putInt(recordCountOverride != null ? recordCountOverride : values.size());
        buffer.put(body);

        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), ATTRIBUTES_OFFSET, buffer.capacity() - ATTRIBUTES_OFFSET);
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());
        return buffer.array();
    }

    /** Several batches back to back, as a produce request carries them. */
    public static ByteBuffer concat(RecordBatchBuilder... batches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RecordBatchBuilder batch : batches) {
            out.writeBytes(batch.toBytes());
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void writeRecord(ByteArrayOutputStream out, int offsetDelta, long timestampDelta, byte[] value) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0); // attributes, unused
        writeVarlong(record, timestampDelta);
        writeVarlong(record, offsetDelta);
        writeVarlong(record, -1); // null key
        writeVarlong(record, value.length);
        record.writeBytes(value);
        writeVarlong(record, 0); // no headers
        writeVarlong(out, record.size());
        out.writeBytes(record.toByteArray());
    }

    /** Zigzag varint, as Kafka encodes record fields. */
    private static void writeVarlong(ByteArrayOutputStream out, long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
    }
}
