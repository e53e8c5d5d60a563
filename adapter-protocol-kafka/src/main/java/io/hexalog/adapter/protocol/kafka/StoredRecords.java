package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.log.RecordBatch;
import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

import java.util.List;

/**
 * Batches read from storage, placed in a fetch response as they are: the response encoder writes them back
 * to back into the outgoing buffer ({@link ByteBufWritable}) without concatenating them first.
 */
final class StoredRecords implements BaseRecords {

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
