package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.testdata.UnreadBytesInMemory;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.UnreadBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
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

    @Test
    void shouldPutBatchesLeftInFilesBetweenTheBuffersAsRegionsThatSendThemAsTheyAre() throws IOException {
        MemoryRecords inFiles = KafkaWire.records(LARGE_VALUE, LARGE_VALUE);
        MemoryRecords inMemory = KafkaWire.records("small", "batch");
        MemoryRecords inFilesAgain = KafkaWire.records(LARGE_VALUE);

        List<Object> messages = encodeToMessages(fetchResponse(unread(inFiles, 3), stored(inMemory,
                ByteBufWritableTest::offHeap), unread(inFilesAgain, 1)));

        // fields, three stretches, fields and the small batch, one stretch, the last fields
        assertThat(messages).extracting(message -> message instanceof UnreadBytesRegion ? "region" : "buffer")
                .containsExactly("buffer", "region", "region", "region", "buffer", "region", "buffer");
        assertThat(sent(messages)).isEqualTo(kafkaEncoding(fetchResponse(inFiles, inMemory, inFilesAgain)));
    }

    @Test
    void shouldGiveBackTheBuffersOfAResponseWithRegionsWhenItIsDiscarded() {
        FetchResponseData response = fetchResponse(unread(KafkaWire.records(LARGE_VALUE), 1),
                stored(KafkaWire.records("small"), ByteBufWritableTest::offHeap));
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBufWritable writable = new ByteBufWritable(ByteBufAllocator.DEFAULT, response.size(cache, FETCH_VERSION));
        response.write(writable, cache, FETCH_VERSION);
        ByteBuf first = writable.finish().stream().filter(ByteBuf.class::isInstance).map(ByteBuf.class::cast)
                .findFirst().orElseThrow();
        first.retain(); // to look at it once discarded

        writable.discard();

        assertThat(first.refCnt()).isEqualTo(1);
        first.release();
    }

    private static ByteBuf encode(FetchResponseData response) {
        List<Object> messages = encodeToMessages(response);
        assertThat(messages).hasSize(1);
        return (ByteBuf) messages.get(0);
    }

    private static List<Object> encodeToMessages(FetchResponseData response) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = response.size(cache, FETCH_VERSION);
        ByteBufWritable writable = new ByteBufWritable(ByteBufAllocator.DEFAULT, size);
        response.write(writable, cache, FETCH_VERSION);
        return writable.finish();
    }

    /** The bytes a socket gets from the messages, written in order, each released once written. */
    private static byte[] sent(List<Object> messages) throws IOException {
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(socket);
        for (Object message : messages) {
            if (message instanceof ByteBuf buffer) {
                socket.write(ByteBufUtil.getBytes(buffer));
                buffer.release();
            } else {
                UnreadBytesRegion region = (UnreadBytesRegion) message;
                while (region.transferred() < region.count()) {
                    region.transferTo(channel, region.transferred());
                }
                region.release();
            }
        }
        return socket.toByteArray();
    }

    /** The records as a store that left them in its files hands them out: stretches of bytes sent as they are. */
    private static StoredRecords unread(MemoryRecords records, int stretches) {
        byte[] bytes = new byte[records.sizeInBytes()];
        records.buffer().duplicate().get(bytes);
        List<UnreadBytes> parts = new ArrayList<>();
        int each = bytes.length / stretches;
        for (int i = 0; i < stretches; i++) {
            int from = i * each;
            int to = i == stretches - 1 ? bytes.length : from + each;
            // handed to the socket a few bytes at a time, as a socket with little room takes them
            parts.add(new UnreadBytesInMemory(Arrays.copyOfRange(bytes, from, to), 1000));
        }
        LogSlice slice = LogSlice.unread(parts, 1, () -> { });
        return StoredRecords.of(slice);
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
