package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.ReferenceCountUtil;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets Kafka's generated message classes write straight into Netty buffers. Stored batches
 * ({@link StoredRecords}) of a useful size are not copied at all: the response becomes a composite buffer
 * of the fields written so far, the stored batches themselves, and the fields after them, which the socket
 * writes with one gathering write. Small batches are copied, which is cheaper than referencing them.
 * Batches the store left in its files become regions of those files between the buffers
 * ({@link UnreadBytesRegion}): the socket is given them with {@code sendfile}.
 */
final class ByteBufWritable implements Writable {

    /**
     * The most a buffer for fields starts with. A response that references stored batches has only small
     * fields between them, so its buffers must not be sized for the whole response; a large response
     * without stored batches (a Metadata of thousands of topics) grows its buffer a few times instead.
     */
    private static final int MAX_INITIAL_CAPACITY = 64 * 1024;
    /** What the buffer after referenced batches starts with: a partition's header fields fit. */
    private static final int CAPACITY_AFTER_REFERENCE = 1024;

    private final ByteBufAllocator allocator;
    private final int size;
    /** What comes before {@link #parts} and {@link #out}, in order: buffers, and regions of files after each. */
    private final List<Object> before = new ArrayList<>();
    private ByteBuf out;
    /** The response's parts since {@link #before}; null while everything since fits in {@link #out}. */
    private CompositeByteBuf parts;
    /** Bytes of the response in {@link #before} and {@link #parts}. */
    private int bytesBefore;

    /** A writable for a response of {@code size} bytes, the size prefix included. */
    ByteBufWritable(ByteBufAllocator allocator, int size) {
        this.allocator = allocator;
        this.size = size;
        this.out = allocator.ioBuffer(Math.min(size, MAX_INITIAL_CAPACITY), size);
    }

    /**
     * The encoded response, to be written to the channel in order (which releases each): one buffer, or buffers with
     * regions of files between them when the response sends batches the store left in its files.
     */
    List<Object> finish() {
        before.add(parts == null ? out : parts.addComponent(true, out));
        parts = null;
        out = null;
        return before;
    }

    /** Gives back every buffer written so far, the referenced batches' too: the response will not be sent. */
    void discard() {
        before.forEach(ReferenceCountUtil::release);
        before.clear();
        if (parts != null) {
            parts.release();
            parts = null;
        }
        if (out != null) {
            out.release();
            out = null;
        }
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
            if (stored.inFiles()) {
                sendFromFiles(stored);
            } else if (stored.worthReferencing()) {
                reference(stored);
            } else {
                stored.writeTo(out);
            }
        } else {
            Writable.super.writeRecords(records);
        }
    }

    private void reference(StoredRecords stored) {
        if (parts == null) {
            // No limit on components: consolidating them would copy the batches after all.
            parts = allocator.compositeDirectBuffer(Integer.MAX_VALUE);
        }
        bytesBefore += out.readableBytes() + stored.sizeInBytes();
        parts.addComponent(true, out);
        out = null; // the composite owns it now: a failure from here on must not release it twice
        stored.addTo(parts, allocator);
        startBufferAfterReference();
    }

    /** Ends the buffers written so far, then the batches' regions of files follow them, then a new buffer. */
    private void sendFromFiles(StoredRecords stored) {
        bytesBefore += out.readableBytes() + stored.sizeInBytes();
        before.add(parts == null ? out : parts.addComponent(true, out));
        parts = null;
        out = null; // before owns it now
        before.addAll(stored.regions());
        startBufferAfterReference();
    }

    private void startBufferAfterReference() {
        int remaining = Math.max(0, size - bytesBefore);
        out = allocator.ioBuffer(Math.min(remaining, CAPACITY_AFTER_REFERENCE), remaining);
    }
}
