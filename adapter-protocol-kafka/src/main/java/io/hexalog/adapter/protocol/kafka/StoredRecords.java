package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.UnreadBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Batches read from storage, placed in a fetch response as they are: the response encoder either references
 * them from the outgoing buffer or writes them back to back into it ({@link ByteBufWritable}), never
 * concatenating them first. Batches the store left in its files are sent from there ({@link #inFiles}).
 */
final class StoredRecords implements BaseRecords {

    /** Below this average batch size, copying batches costs less than one buffer component per batch. */
    private static final int MIN_REFERENCED_BATCH_BYTES = 4096;

    private final List<RecordBatch> batches;
    /** The stretches of the store's files holding the batches, when it left them there; null otherwise. */
    private final List<UnreadBytes> unread;
    private final int sizeInBytes;

    StoredRecords(List<RecordBatch> batches, int sizeInBytes) {
        this(batches, null, sizeInBytes);
    }

    private StoredRecords(List<RecordBatch> batches, List<UnreadBytes> unread, int sizeInBytes) {
        this.batches = batches;
        this.unread = unread;
        this.sizeInBytes = sizeInBytes;
    }

    /** What a slice holds, in memory or in the store's files; the slice must outlive the response's write. */
    static StoredRecords of(LogSlice slice) {
        return slice.inMemory() ? new StoredRecords(slice.batches(), slice.sizeInBytes())
                : new StoredRecords(List.of(), slice.unread(), slice.sizeInBytes());
    }

    /** Whether the batches lie in the store's files, to be sent from there: {@link #regions}. */
    boolean inFiles() {
        return unread != null;
    }

    /** The stretches of files holding the batches, as messages for the channel, in order. */
    List<UnreadBytesRegion> regions() {
        return unread.stream().map(UnreadBytesRegion::new).toList();
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    boolean worthReferencing() {
        return !batches.isEmpty() && sizeInBytes / batches.size() >= MIN_REFERENCED_BATCH_BYTES;
    }

    /**
     * Appends the batches to {@code response} as components: batches in direct memory are shared as they
     * are; batches on the heap are copied, one by one, into pooled direct buffers. The socket writes only
     * direct memory, and a composite with a single heap component would be copied whole into a freshly
     * allocated direct buffer the size of the response: the same copy, plus megabytes of new memory to
     * fault in and zero on every fetch.
     */
    void addTo(CompositeByteBuf response, ByteBufAllocator allocator) {
        for (RecordBatch batch : batches) {
            ByteBuffer bytes = batch.bytes();
            response.addComponent(true, bytes.isDirect() ? Unpooled.wrappedBuffer(bytes)
                    : allocator.directBuffer(bytes.remaining()).writeBytes(bytes));
        }
    }

    void writeTo(ByteBuf out) {
        for (RecordBatch batch : batches) {
            out.writeBytes(batch.bytes());
        }
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("Stored records are written by the response encoder");
    }
}
