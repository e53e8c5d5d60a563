package io.hexalog.domain.log;

import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.UnsupportedForMessageFormatException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A view over the bytes of one Kafka record batch in message format v2, exactly as a producer sent it.
 * The broker reads the header, checks it, and rewrites only the fields that are its business (base offset,
 * partition leader epoch); the records themselves stay as they are, compressed or not.
 *
 * <p>Layout (see the <a href="https://kafka.apache.org/documentation/#recordbatch">protocol guide</a>):
 * <pre>
 * baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 * attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 * producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32 | records...
 * </pre>
 * The CRC-32C covers everything from {@code attributes} to the end, so the broker may rewrite the base
 * offset and leader epoch without recomputing it; stamping the append time rewrites covered fields and so
 * recomputes it.
 */
public final class RecordBatch {

    /** Bytes before the batch length field's value starts to count: base offset and the length itself. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of a v2 batch header, records excluded. */
    public static final int HEADER_SIZE = 61;
    public static final byte MAGIC_V2 = 2;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;

    private static final int BASE_OFFSET = 0;
    private static final int LENGTH = 8;
    private static final int PARTITION_LEADER_EPOCH = 12;
    private static final int MAGIC = 16;
    private static final int CRC = 17;
    private static final int ATTRIBUTES = 21;
    private static final int LAST_OFFSET_DELTA = 23;
    private static final int BASE_TIMESTAMP = 27;
    private static final int MAX_TIMESTAMP = 35;
    private static final int PRODUCER_ID = 43;
    private static final int PRODUCER_EPOCH = 51;
    private static final int BASE_SEQUENCE = 53;
    private static final int RECORD_COUNT = 57;

    private static final int COMPRESSION_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;
    private static final int DELETE_HORIZON_MASK = 0x40;

    private final ByteBuffer buffer;

    private RecordBatch(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Wraps bytes that hold exactly one batch, checking only that the header and the length agree with the
     * buffer. Use {@link #validate()} for the full check of a batch arriving from a client.
     */
    public static RecordBatch wrap(ByteBuffer bytes) {
        ByteBuffer slice = bytes.slice();
        if (slice.remaining() < HEADER_SIZE) {
            throw new CorruptRecordException("Record batch of " + slice.remaining()
                    + " bytes is smaller than the v2 header (" + HEADER_SIZE + " bytes)");
        }
        int expected = LOG_OVERHEAD + slice.getInt(LENGTH);
        if (expected != slice.remaining()) {
            throw new CorruptRecordException("Record batch declares " + expected
                    + " bytes but " + slice.remaining() + " are present");
        }
        return new RecordBatch(slice);
    }

    /**
     * Splits a buffer holding batches back to back, as a Produce request or a fetch response carries them.
     * The batches share the buffer's memory. A trailing fragment is an error: produced data is never partial.
     */
    public static List<RecordBatch> splitAll(ByteBuffer records) {
        ByteBuffer all = records.slice();
        List<RecordBatch> batches = new ArrayList<>(1);
        int position = 0;
        while (position < all.limit()) {
            int remaining = all.limit() - position;
            if (remaining < LOG_OVERHEAD) {
                throw new CorruptRecordException("Trailing " + remaining + " bytes do not form a record batch");
            }
            int length = all.getInt(position + LENGTH);
            if (length < HEADER_SIZE - LOG_OVERHEAD || length > remaining - LOG_OVERHEAD) {
                throw new CorruptRecordException("Record batch at byte " + position + " declares length " + length
                        + " but " + (remaining - LOG_OVERHEAD) + " bytes follow");
            }
            int size = LOG_OVERHEAD + length;
            batches.add(new RecordBatch(all.slice(position, size)));
            position += size;
        }
        return batches;
    }

    /**
     * Checks what the broker must trust before storing the batch: message format v2, a CRC-32C matching the
     * bytes, and a record count that agrees with the last offset delta.
     */
    public RecordBatch validate() {
        byte magic = magic();
        if (magic != MAGIC_V2) {
            if (magic == 0 || magic == 1) {
                throw new UnsupportedForMessageFormatException(
                        "Message format v" + magic + " is not supported; producers must use v2");
            }
            throw new CorruptRecordException("Unknown record batch magic " + magic);
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(String.format(
                    "Record batch CRC mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
        int count = recordCount();
        if (count < 1) {
            throw new CorruptRecordException("Record batch holds " + count + " records");
        }
        if (lastOffsetDelta() != count - 1) {
            throw new CorruptRecordException("Record batch holds " + count
                    + " records but its last offset delta is " + lastOffsetDelta());
        }
        compression(); // rejects unknown codecs
        return this;
    }

    private long computeChecksum() {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(ATTRIBUTES));
        return crc.getValue();
    }

    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch: where the next batch in the log starts. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int sizeInBytes() {
        return buffer.limit();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(PARTITION_LEADER_EPOCH);
    }

    public byte magic() {
        return buffer.get(MAGIC);
    }

    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(CRC));
    }

    public short attributes() {
        return buffer.getShort(ATTRIBUTES);
    }

    public CompressionType compression() {
        return CompressionType.fromId(attributes() & COMPRESSION_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    /**
     * The time after which the log cleaner may remove this batch's tombstones, or the batch itself if it is a
     * transaction marker, set by the cleaning that first kept them (KIP-534): the base timestamp, when the attribute
     * says it holds one.
     */
    public OptionalLong deleteHorizonMs() {
        return (attributes() & DELETE_HORIZON_MASK) == 0 ? OptionalLong.empty() : OptionalLong.of(baseTimestamp());
    }

    public int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA);
    }

    public long baseTimestamp() {
        return buffer.getLong(BASE_TIMESTAMP);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP);
    }

    public long producerId() {
        return buffer.getLong(PRODUCER_ID);
    }

    public short producerEpoch() {
        return buffer.getShort(PRODUCER_EPOCH);
    }

    /** Whether an idempotent (or transactional) producer wrote this batch, so sequence rules apply. */
    public boolean hasProducerId() {
        return producerId() != NO_PRODUCER_ID;
    }

    public int baseSequence() {
        return buffer.getInt(BASE_SEQUENCE);
    }

    /** The sequence number of the last record; sequences wrap from {@code Integer.MAX_VALUE} to 0. */
    public int lastSequence() {
        return ProducerSequences.add(baseSequence(), lastOffsetDelta());
    }

    public int recordCount() {
        return buffer.getInt(RECORD_COUNT);
    }

    /** Assigns the batch its place in the log. The CRC does not cover this field, so it stays valid. */
    public void assignBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET, baseOffset);
    }

    /** Stamps the epoch of the leader that appended the batch; not covered by the CRC either. */
    public void assignPartitionLeaderEpoch(int epoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH, epoch);
    }

    /**
     * Marks the batch as timestamped by the broker (a LogAppendTime topic): sets the timestamp-type attribute
     * and the max timestamp, which consumers then report as every record's timestamp, and recomputes the
     * CRC-32C over the rewritten header. The records themselves are not touched, compressed or not.
     */
    public void stampLogAppendTime(long appendTimeMs) {
        buffer.putShort(ATTRIBUTES, (short) (attributes() | TIMESTAMP_TYPE_MASK));
        buffer.putLong(MAX_TIMESTAMP, appendTimeMs);
        buffer.putInt(CRC, (int) computeChecksum());
    }

    /** The batch's bytes, positioned at its start; a read-only view sharing the batch's memory. */
    public ByteBuffer bytes() {
        return buffer.asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffsetDelta=" + lastOffsetDelta()
                + ", records=" + recordCount() + ", bytes=" + sizeInBytes() + ", compression=" + compression()
                + ", producerId=" + producerId() + ", producerEpoch=" + producerEpoch()
                + ", baseSequence=" + baseSequence() + ")";
    }
}
