package io.hexalog.adapter.http.admin;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one stored v2 batch, decompressing them with {@link Decompression}. Only the message
 * browser needs this: produce and fetch never look inside a batch. A record's offset is the batch's base
 * offset plus its delta; its timestamp is its own in a CreateTime batch and the batch's max timestamp in a
 * LogAppendTime batch, as a consumer reports it.
 */
final class RecordBatchReader {

    private RecordBatchReader() {
    }

    /**
     * Every record of the batch, in offset order.
     *
     * @throws IllegalStateException if the records cannot be read, such as a stored batch cut short
     */
    static List<LogRecord> records(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        byte[] section = new byte[bytes.remaining() - RecordBatch.HEADER_SIZE];
        bytes.position(RecordBatch.HEADER_SIZE).get(section);
        boolean appendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        List<LogRecord> records = new ArrayList<>(batch.recordCount());
        try (DataInputStream in = new DataInputStream(
                Decompression.open(batch.compression(), new ByteArrayInputStream(section)))) {
            for (int i = 0; i < batch.recordCount(); i++) {
                records.add(readRecord(in, batch, appendTime));
            }
        } catch (IOException e) {
            // The batch was checked when it was stored: failing to read it now is the broker's fault, not the caller's.
            throw new IllegalStateException("Cannot read the records of stored " + batch + ": " + e.getMessage(), e);
        }
        return records;
    }

    private static LogRecord readRecord(DataInputStream in, RecordBatch batch, boolean appendTime) throws IOException {
        readVarlong(in); // the record's length: the fields say where they end
        in.readByte(); // attributes: none are defined
        long timestampDelta = readVarlong(in);
        long offsetDelta = readVarlong(in);
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        int headerCount = (int) readVarlong(in);
        List<LogRecord.Header> headers = new ArrayList<>(Math.max(0, headerCount));
        for (int i = 0; i < headerCount; i++) {
            byte[] name = readBytes(in);
            if (name == null) {
                throw new IOException("a header has no key");
            }
            headers.add(new LogRecord.Header(new String(name, StandardCharsets.UTF_8), readBytes(in)));
        }
        long timestamp = appendTime ? batch.maxTimestamp() : batch.baseTimestamp() + timestampDelta;
        return new LogRecord(batch.baseOffset() + offsetDelta, timestamp, key, value, headers);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        long length = readVarlong(in);
        if (length < 0) {
            return null;
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("a field declares " + length + " bytes");
        }
        return in.readNBytes((int) length);
    }

    private static long readVarlong(InputStream in) throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("the records end inside a varint");
            }
            raw |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("a varint is longer than 10 bytes");
    }
}
