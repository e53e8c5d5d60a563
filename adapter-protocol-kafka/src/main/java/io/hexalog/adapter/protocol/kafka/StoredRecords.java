package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.log.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

import java.util.List;

/**
 * Batches read from storage, placed in a fetch response as they are: the response encoder either references
 * them from the outgoing buffer or writes them back to back into it ({@link ByteBufWritable}), never
 * concatenating them first.
 */
final class StoredRecords implements BaseRecords {

    /** Below this average batch size, copying batches costs less than one buffer component per batch. */
    private static final int MIN_REFERENCED_BATCH_BYTES = 4096;

    private final List<RecordBatch> batches;
    private final int sizeInBytes;

    StoredRecords(List<RecordBatch> batches, int sizeInBytes) {
        this.batches = batches;
        this.sizeInBytes = sizeInBytes;
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    boolean worthReferencing() {
        return !batches.isEmpty() && sizeInBytes / batches.size() >= MIN_REFERENCED_BATCH_BYTES;
    }

    /** Appends the batches to {@code response} as components sharing the stored memory. */
    void addTo(CompositeByteBuf response) {
        for (RecordBatch batch : batches) {
            response.addComponent(true, Unpooled.wrappedBuffer(batch.bytes()));
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
