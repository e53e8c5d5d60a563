package io.hexalog.adapter.http.admin;

import io.hexalog.domain.log.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes records as one uncompressed Kafka v2 record batch, as a producer without idempotence sends it: no
 * producer ID, CreateTime timestamps, offsets from 0 for the broker to assign. The layout is the
 * <a href="https://kafka.apache.org/documentation/#recordbatch">protocol guide's</a>; integers inside a record
 * are zig-zag varints.
 */
final class RecordBatchWriter {

    private static final int ATTRIBUTES_POSITION = 21;
    private static final int CRC_POSITION = 17;

    private RecordBatchWriter() {
    }

    /**
     * A record to write; its offset is its place in the list.
     *
     * @param timestamp CreateTime in milliseconds since the epoch
     */
    record Entry(long timestamp, byte[] key, byte[] value, List<LogRecord.Header> headers) {

        Entry {
            headers = List.copyOf(headers);
        }
    }

    /** The batch of {@code entries}, in order; checked as the broker checks a produced batch. */
    static RecordBatch write(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one record");
        }
        long baseTimestamp = entries.get(0).timestamp();
        long maxTimestamp = entries.stream().mapToLong(Entry::timestamp).max().orElseThrow();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int delta = 0; delta < entries.size(); delta++) {
            writeRecord(records, delta, entries.get(delta), baseTimestamp);
        }
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + records.size());
        batch.putLong(0L);
        batch.putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD);
        batch.putInt(0); // partition leader epoch: the broker stamps it
        batch.put(RecordBatch.MAGIC_V2);
        batch.putInt(0); // CRC, once the covered bytes are written
        batch.putShort((short) 0); // attributes: uncompressed, CreateTime, not transactional
        batch.putInt(entries.size() - 1);
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(RecordBatch.NO_PRODUCER_ID);
        batch.putShort(RecordBatch.NO_PRODUCER_EPOCH);
        batch.putInt(RecordBatch.NO_SEQUENCE);
        batch.putInt(entries.size());
        batch.put(records.toByteArray());
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES_POSITION, batch.capacity() - ATTRIBUTES_POSITION);
        batch.putInt(CRC_POSITION, (int) crc.getValue());
        return RecordBatch.wrap(ByteBuffer.wrap(batch.array())).validate();
    }

    private static void writeRecord(ByteArrayOutputStream out, int offsetDelta, Entry entry, long baseTimestamp) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // record attributes: none are defined
        writeVarlong(body, entry.timestamp() - baseTimestamp);
        writeVarlong(body, offsetDelta);
        writeBytes(body, entry.key());
        writeBytes(body, entry.value());
        writeVarlong(body, entry.headers().size());
        for (LogRecord.Header header : entry.headers()) {
            writeBytes(body, header.key().getBytes(StandardCharsets.UTF_8));
            writeBytes(body, header.value());
        }
        writeVarlong(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    /** A length and the bytes; length -1 for null. */
    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes == null) {
            writeVarlong(out, -1);
            return;
        }
        writeVarlong(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeVarlong(ByteArrayOutputStream out, long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            out.write((int) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        out.write((int) zigZag);
    }
}
