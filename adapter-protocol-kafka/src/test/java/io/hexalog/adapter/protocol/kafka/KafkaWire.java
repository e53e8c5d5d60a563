package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Builds request frames and reads response frames with Kafka's own classes, as a client would. */
final class KafkaWire {

    static final String CLIENT_ID = "wire-test";
    /** A fixed record timestamp, so that batches built twice are byte-for-byte the same. */
    static final long TIMESTAMP = 1_700_000_000_000L;

    private KafkaWire() {
    }

    static RequestHeader header(ApiMessage request, short version, int correlationId) {
        return new RequestHeader(ApiKeys.forId(request.apiKey()), version, CLIENT_ID, correlationId);
    }

    /** A size-prefixed frame: the header in the version the API demands, then the body. */
    static ByteBuf frame(RequestHeader header, ApiMessage body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = header.headerVersion();
        int size = header.data().size(cache, headerVersion) + body.size(cache, header.apiVersion());
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.data().write(accessor, cache, headerVersion);
        body.write(accessor, cache, header.apiVersion());
        return Unpooled.wrappedBuffer(buffer.flip());
    }

    /**
     * A frame with a v1 request header (API key, version, correlation ID, client ID) and an arbitrary body:
     * for versions Kafka's classes refuse to write, or bodies that are not a message at all.
     */
    static ByteBuf rawFrame(int apiKey, int version, int correlationId, byte[] body) {
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        int size = 2 + 2 + 4 + 2 + clientId.length + body.length;
        return Unpooled.buffer(4 + size).writeInt(size).writeShort(apiKey).writeShort(version)
                .writeInt(correlationId).writeShort(clientId.length).writeBytes(clientId).writeBytes(body);
    }

    /** A size prefix with nothing behind it. */
    static ByteBuf sizePrefix(int size) {
        return Unpooled.buffer(4).writeInt(size);
    }

    /** Parses one size-prefixed response frame sent in answer to {@code request}. */
    static AbstractResponse parseResponse(ByteBuf frame, RequestHeader request) {
        return AbstractResponse.parseResponse(unframe(frame), request);
    }

    /** The bytes of a frame after its size prefix, which must match them. */
    static ByteBuffer unframe(ByteBuf frame) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(frame));
        int size = buffer.getInt();
        if (size != buffer.remaining()) {
            throw new AssertionError("Frame declares " + size + " bytes but holds " + buffer.remaining());
        }
        return buffer.slice();
    }

    static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // Records

    static SimpleRecord record(String value) {
        return new SimpleRecord(TIMESTAMP, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static SimpleRecord record(long timestamp, String value) {
        return new SimpleRecord(timestamp, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static MemoryRecords records(String... values) {
        return records(Compression.NONE, values);
    }

    static MemoryRecords records(Compression compression, String... values) {
        return MemoryRecords.withRecords(compression, simpleRecords(values));
    }

    static MemoryRecords idempotentRecords(long producerId, short epoch, int baseSequence, String... values) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence,
                simpleRecords(values));
    }

    private static SimpleRecord[] simpleRecords(String... values) {
        return List.of(values).stream().map(KafkaWire::record).toArray(SimpleRecord[]::new);
    }

    static String value(org.apache.kafka.common.record.internal.Record record) {
        return StandardCharsets.UTF_8.decode(record.value()).toString();
    }

    // Requests

    static ProduceRequestData produce(short acks, String topic, int partition, MemoryRecords records) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData()
                .setIndex(partition).setRecords(records));
        request.topicData().add(topicData);
        return request;
    }

    /** A sessionless consumer fetch of one partition that answers at once. */
    static FetchRequestData fetch(String topic, Uuid topicId, int partition, long offset) {
        FetchRequestData request = new FetchRequestData()
                .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1024 * 1024);
        FetchRequestData.FetchTopic fetchTopic = new FetchRequestData.FetchTopic().setTopic(topic).setTopicId(topicId);
        fetchTopic.partitions().add(new FetchRequestData.FetchPartition()
                .setPartition(partition).setFetchOffset(offset).setPartitionMaxBytes(1024 * 1024));
        request.topics().add(fetchTopic);
        return request;
    }

    static FetchRequestData fetch(String topic, int partition, long offset) {
        return fetch(topic, Uuid.ZERO_UUID, partition, offset);
    }
}
