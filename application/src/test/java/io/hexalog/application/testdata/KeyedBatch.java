package io.hexalog.application.testdata;

import io.hexalog.domain.log.CompressionType;
import io.hexalog.domain.log.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Builds and reads uncompressed v2 batches of keyed records, for the tests of log compaction: records with the
 * keys and values given (null values are tombstones), each at the next offset, with the timestamp
 * {@link #BASE_TIMESTAMP} plus its offset.
 */
public final class KeyedBatch {

    public static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int CRC_OFFSET = 17;
    private static final short TRANSACTIONAL = 0x10;
    private static final short CONTROL = 0x20;
    private static final short DELETE_HORIZON_SET = 0x40;

    private final long baseOffset;
    private final List<KeyedRecord> records = new ArrayList<>();
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private short attributes;

    private KeyedBatch(long baseOffset) {
        this.baseOffset = baseOffset;
    }

    /** A batch whose first record will have this offset. */
    public static KeyedBatch at(long baseOffset) {
        return new KeyedBatch(baseOffset);
    }

    /** Adds a record at the next offset; a null value makes it a tombstone, a null key a record without one. */
    public KeyedBatch record(String key, String value) {
        long offset = baseOffset + records.size();
        records.add(new KeyedRecord(offset, BASE_TIMESTAMP + offset, key, value));
        return this;
    }

    public KeyedBatch producer(long id, int epoch, int firstSequence) {
        this.producerId = id;
        this.producerEpoch = (short) epoch;
        this.baseSequence = firstSequence;
        return this;
    }

    public KeyedBatch transactional() {
        attributes |= TRANSACTIONAL;
        return this;
    }

    public KeyedBatch control() {
        attributes |= CONTROL;
        return this;
    }

    public RecordBatch build() {
        return encode(baseOffset, records.size() - 1, producerId, producerEpoch, baseSequence, -1, attributes,
                OptionalLong.empty(), records);
    }

    /** The records of an uncompressed batch, in offset order. */
    public static List<KeyedRecord> recordsOf(RecordBatch batch) {
        if (batch.compression() != CompressionType.NONE) {
            throw new UnsupportedOperationException("Only uncompressed batches can be read here: " + batch);
        }
        ByteBuffer bytes = batch.bytes().position(RecordBatch.HEADER_SIZE).slice();
        List<KeyedRecord> read = new ArrayList<>(batch.recordCount());
        for (int i = 0; i < batch.recordCount(); i++) {
            Varlongs.read(bytes); // length
            bytes.get(); // attributes
            long timestampDelta = Varlongs.read(bytes);
            long offsetDelta = Varlongs.read(bytes);
            String key = text(bytes);
            String value = text(bytes);
            long headers = Varlongs.read(bytes);
            for (long h = 0; h < headers; h++) {
                text(bytes);
                text(bytes);
            }
            read.add(new KeyedRecord(batch.baseOffset() + offsetDelta, batch.baseTimestamp() + timestampDelta, key, value));
        }
        return read;
    }

    /** The delete horizon a cleaning wrote into the batch, if one did (KIP-534). */
    public static OptionalLong deleteHorizonOf(RecordBatch batch) {
        return (batch.attributes() & DELETE_HORIZON_SET) != 0 ? OptionalLong.of(batch.baseTimestamp())
                : OptionalLong.empty();
    }

    /**
     * {@code original} with only {@code kept} of its records: same base and last offset, producer fields, partition
     * leader epoch and flags, a fresh CRC, and the delete horizon given, if any.
     */
    public static RecordBatch withRecords(RecordBatch original, List<KeyedRecord> kept, OptionalLong deleteHorizon) {
        short flags = (short) (original.attributes() & (TRANSACTIONAL | CONTROL | 0x08));
        if (deleteHorizon.isPresent()) {
            flags |= DELETE_HORIZON_SET;
        }
        return encode(original.baseOffset(), original.lastOffsetDelta(), original.producerId(),
                original.producerEpoch(), original.baseSequence(), original.partitionLeaderEpoch(), flags, deleteHorizon,
                kept);
    }

    private static RecordBatch encode(long baseOffset, int lastOffsetDelta, long producerId, short producerEpoch,
                                      int baseSequence, int partitionLeaderEpoch, short attributes,
                                      OptionalLong deleteHorizon, List<KeyedRecord> records) {
        long baseTimestamp = deleteHorizon.orElse(records.isEmpty() ? RecordBatch.NO_TIMESTAMP : records.get(0).timestamp());
        long maxTimestamp = records.stream().mapToLong(KeyedRecord::timestamp).max().orElse(RecordBatch.NO_TIMESTAMP);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (KeyedRecord record : records) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            one.write(0);
            Varlongs.write(one, record.timestamp() - baseTimestamp);
            Varlongs.write(one, record.offset() - baseOffset);
            writeText(one, record.key());
            writeText(one, record.value());
            Varlongs.write(one, 0);
            Varlongs.write(body, one.size());
            body.writeBytes(one.toByteArray());
        }
        byte[] recordBytes = body.toByteArray();
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + recordBytes.length);
        batch.putLong(baseOffset);
        batch.putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD);
        batch.putInt(partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC_V2);
        batch.putInt(0);
        batch.putShort(attributes);
        batch.putInt(lastOffsetDelta);
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(producerId);
        batch.putShort(producerEpoch);
        batch.putInt(baseSequence);
        batch.putInt(records.size());
        batch.put(recordBytes);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES_OFFSET, batch.capacity() - ATTRIBUTES_OFFSET);
        batch.putInt(CRC_OFFSET, (int) crc.getValue());
        return RecordBatch.wrap(ByteBuffer.wrap(batch.array()));
    }

    private static String text(ByteBuffer bytes) {
        int length = (int) Varlongs.read(bytes);
        if (length < 0) {
            return null;
        }
        byte[] read = new byte[length];
        bytes.get(read);
        return new String(read, StandardCharsets.ISO_8859_1);
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        if (text == null) {
            Varlongs.write(out, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Varlongs.write(out, bytes.length);
        out.writeBytes(bytes);
    }
}
