package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.log.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ByteBufWritableTest {

    private static final short FETCH_VERSION = 12;
    private static final String LARGE_VALUE = "x".repeat(8 * 1024);

    @Test
    void shouldEncodeStoredBatchesExactlyAsKafkaEncodesTheSameRecords() {
        MemoryRecords first = KafkaWire.records(LARGE_VALUE, LARGE_VALUE);
        MemoryRecords second = KafkaWire.records("small", "batch");

        ByteBuf encoded = encode(fetchResponse(stored(first, ByteBufWritableTest::onHeap),
                stored(second, ByteBufWritableTest::onHeap)));

        byte[] expected = kafkaEncoding(fetchResponse(first, second));
        assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo(expected);
        encoded.release();
    }

    @Test
    void shouldHandTheSocketOnlyDirectMemoryWhenStoredBatchesLieOnTheHeap() {
        MemoryRecords heapBatches = KafkaWire.records(LARGE_VALUE, LARGE_VALUE);
        MemoryRecords directBatches = KafkaWire.records(LARGE_VALUE);

        ByteBuf encoded = encode(fetchResponse(stored(heapBatches, ByteBufWritableTest::onHeap),
                stored(directBatches, ByteBufWritableTest::offHeap)));

        assertThat(encoded.isDirect()).isTrue();
        assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo(kafkaEncoding(fetchResponse(heapBatches, directBatches)));
        encoded.release();
    }

    private static ByteBuf encode(FetchResponseData response) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = response.size(cache, FETCH_VERSION);
        ByteBufWritable writable = new ByteBufWritable(ByteBufAllocator.DEFAULT, size);
        response.write(writable, cache, FETCH_VERSION);
        return writable.finish();
    }

    private static byte[] kafkaEncoding(FetchResponseData response) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(response.size(cache, FETCH_VERSION));
        response.write(new ByteBufferAccessor(buffer), cache, FETCH_VERSION);
        return buffer.array();
    }

    private static FetchResponseData fetchResponse(BaseRecords... partitions) {
        FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse().setTopic("t");
        for (int i = 0; i < partitions.length; i++) {
            topic.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(i)
                    .setHighWatermark(2).setRecords(partitions[i]));
        }
        return new FetchResponseData().setResponses(List.of(topic));
    }

    /** The records as a store returns them: one buffer per batch, in memory of the store's choosing. */
    private static StoredRecords stored(MemoryRecords records, Function<ByteBuffer, ByteBuffer> memory) {
        List<RecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batch -> {
            ByteBuffer bytes = ByteBuffer.allocate(batch.sizeInBytes());
            batch.writeTo(bytes);
            batches.add(RecordBatch.wrap(memory.apply(bytes.flip())));
        });
        return new StoredRecords(batches, records.sizeInBytes());
    }

    private static ByteBuffer onHeap(ByteBuffer bytes) {
        return bytes;
    }

    private static ByteBuffer offHeap(ByteBuffer bytes) {
        return ByteBuffer.allocateDirect(bytes.remaining()).put(bytes).flip();
    }
}
