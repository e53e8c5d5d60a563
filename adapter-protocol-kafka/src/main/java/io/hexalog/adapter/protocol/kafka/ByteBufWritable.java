package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;

import java.nio.ByteBuffer;

/**
 * Lets Kafka's generated message classes write straight into a Netty buffer. Stored batches
 * ({@link StoredRecords}) are written batch by batch from storage, with no intermediate copy.
 */
final class ByteBufWritable implements Writable {

    private final ByteBuf out;

    ByteBufWritable(ByteBuf out) {
        this.out = out;
    }

    @Override
    public void writeByte(byte value) {
        out.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        out.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        out.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        out.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        out.writeDouble(value);
    }

    @Override
    public void writeByteArray(byte[] bytes) {
        out.writeBytes(bytes);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        out.writeBytes(buffer.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int remaining = value;
        while ((remaining & 0xFFFFFF80) != 0) {
            out.writeByte((remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        out.writeByte(remaining);
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long remaining = (value << 1) ^ (value >> 63);
        while ((remaining & 0xFFFFFFFFFFFFFF80L) != 0L) {
            out.writeByte(((int) remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        out.writeByte((int) remaining);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof StoredRecords stored) {
            stored.writeTo(out);
        } else {
            Writable.super.writeRecords(records);
        }
    }
}
