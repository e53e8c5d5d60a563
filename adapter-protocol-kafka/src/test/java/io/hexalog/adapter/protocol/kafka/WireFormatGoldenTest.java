package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the bytes the broker puts on the wire. A change here after upgrading kafka-clients means the
 * generated message classes changed what they write: look at the diff before updating the constants.
 */
class WireFormatGoldenTest {

    /**
     * ApiVersions v3 answer, correlation ID 1: every API the production broker registers, in registration
     * order (the test broker is assembled by the same code as the broker).
     */
    private static final String API_VERSIONS_V3_RESPONSE = "00000143" + "00000001" // size, correlation: header v0, always
            + "0000" + "28" // no error, 39 APIs
            + "0003" + "0000" + "000d" + "00" // Metadata 0-13
            + "0000" + "0000" + "000d" + "00" // Produce 0-13
            + "0001" + "0004" + "0012" + "00" // Fetch 4-18
            + "0002" + "0001" + "000b" + "00" // ListOffsets 1-11
            + "0016" + "0000" + "0005" + "00" // InitProducerId 0-5
            + "0013" + "0002" + "0007" + "00" // CreateTopics 2-7
            + "0014" + "0001" + "0006" + "00" // DeleteTopics 1-6
            + "003c" + "0000" + "0002" + "00" // DescribeCluster 0-2
            + "004b" + "0000" + "0000" + "00" // DescribeTopicPartitions 0
            + "0025" + "0000" + "0003" + "00" // CreatePartitions 0-3
            + "0020" + "0001" + "0004" + "00" // DescribeConfigs 1-4
            + "0021" + "0000" + "0002" + "00" // AlterConfigs 0-2
            + "002c" + "0000" + "0001" + "00" // IncrementalAlterConfigs 0-1
            + "0015" + "0000" + "0002" + "00" // DeleteRecords 0-2
            + "0017" + "0002" + "0004" + "00" // OffsetForLeaderEpoch 2-4
            + "0023" + "0001" + "0005" + "00" // DescribeLogDirs 1-5
            + "002b" + "0000" + "0002" + "00" // ElectLeaders 0-2
            + "000a" + "0000" + "0006" + "00" // FindCoordinator 0-6
            + "000b" + "0000" + "0009" + "00" // JoinGroup 0-9
            + "000e" + "0000" + "0005" + "00" // SyncGroup 0-5
            + "000c" + "0000" + "0004" + "00" // Heartbeat 0-4
            + "000d" + "0000" + "0005" + "00" // LeaveGroup 0-5
            + "0008" + "0002" + "000a" + "00" // OffsetCommit 2-10
            + "0009" + "0001" + "000a" + "00" // OffsetFetch 1-10
            + "000f" + "0000" + "0006" + "00" // DescribeGroups 0-6
            + "0010" + "0000" + "0005" + "00" // ListGroups 0-5
            + "0044" + "0000" + "0001" + "00" // ConsumerGroupHeartbeat 0-1
            + "0045" + "0000" + "0001" + "00" // ConsumerGroupDescribe 0-1
            + "002a" + "0000" + "0003" + "00" // DeleteGroups 0-3
            + "002f" + "0000" + "0000" + "00" // OffsetDelete 0
            + "0018" + "0000" + "0005" + "00" // AddPartitionsToTxn 0-5
            + "0019" + "0000" + "0004" + "00" // AddOffsetsToTxn 0-4
            + "001a" + "0000" + "0005" + "00" // EndTxn 0-5
            + "001c" + "0000" + "0005" + "00" // TxnOffsetCommit 0-5
            + "0041" + "0000" + "0000" + "00" // DescribeTransactions 0
            + "0042" + "0000" + "0002" + "00" // ListTransactions 0-2
            + "003d" + "0000" + "0000" + "00" // DescribeProducers 0
            + "001b" + "0001" + "0002" + "00" // WriteTxnMarkers 1-2
            + "0012" + "0000" + "0005" + "00" // ApiVersions 0-5
            + "00000000" + "02" // throttle, 2 tagged fields (no SupportedFeatures below v4: transaction.version's min is 0)
            + "01" + "08" + "0000000000000000" // FinalizedFeaturesEpoch 0
            + "02" + "1a" + "02" + "14" + "7472616e73616374696f6e2e76657273696f6e" // FinalizedFeatures: "transaction.version"
            + "0002" + "0002" + "00"; // max and min level 2, tags

    /** A Produce v9, acks=1, correlation ID 99, of one uncompressed batch with "first" and "second". */
    private static final String PRODUCE_V9_REQUEST = "00000082" + "0000" + "0009" + "00000063" // size, key, version, correlation
            + "0009776972652d74657374" + "00" // client ID, tags
            + "00" + "0001" + "00007530" + "02" // no transactional ID, acks=1, timeout, 1 topic
            + "07676f6c64656e" + "02" + "00000000" // "golden", 1 partition, index 0
            + "57" // 86 bytes of records
            + "0000000000000000" + "0000004a" + "ffffffff" + "02" + "f961a9e0" + "0000" // batch header ...
            + "00000001" + "0000018bcfe56800" + "0000018bcfe56800" + "ffffffffffffffff" + "ffff" + "ffffffff"
            + "00000002" + "16000000010a666972737400" + "18000002010c7365636f6e6400" // ... and its two records
            + "00" + "00" + "00"; // partition, topic and request tags

    /** The answer to {@link #PRODUCE_V9_REQUEST} on an empty partition: base offset 0, log start offset 0. */
    private static final String PRODUCE_V9_RESPONSE = "00000035" + "00000063" + "00" // size, correlation, tags
            + "02" + "07676f6c64656e" + "02" + "00000000" + "0000" // 1 topic "golden", 1 partition, index 0, no error
            + "0000000000000000" + "ffffffffffffffff" + "0000000000000000" // base offset, log append time, log start
            + "01" + "00" + "00" + "00" // no record errors, no message, partition and topic tags
            + "00000000" + "00"; // throttle, tags

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldWriteApiVersionsV3ResponseExactly() {
        // given
        RequestHeader header = connection.send((short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("golden-client").setClientSoftwareVersion("1.0.0"));

        // when
        ByteBuf frame = connection.receiveFrame();

        // then
        String written = KafkaWire.hex(KafkaWire.bytes(frame));
        ApiVersionsResponse decoded = (ApiVersionsResponse) KafkaWire.parseResponse(frame, header);
        frame.release();
        assertThat(written).isEqualTo(API_VERSIONS_V3_RESPONSE);
        assertThat(decoded.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(decoded.data().apiKeys()).hasSize(39);
    }

    @Test
    void shouldReadTheGoldenProduceRequestAsKafkaWritesIt() {
        // given
        ProduceRequestData expected = KafkaWire.produce((short) 1, "golden", 0, KafkaWire.records("first", "second"));

        // when
        ByteBuf written = KafkaWire.frame(KafkaWire.header(expected, (short) 9, 99), expected);

        // then
        assertThat(KafkaWire.hex(KafkaWire.bytes(written))).isEqualTo(PRODUCE_V9_REQUEST);
        ByteBuffer body = ByteBuffer.wrap(HexFormat.of().parseHex(PRODUCE_V9_REQUEST)).position(4);
        RequestHeader header = RequestHeader.parse(body);
        ProduceRequest parsed = (ProduceRequest) AbstractRequest.parseRequest(ApiKeys.PRODUCE, (short) 9,
                new ByteBufferAccessor(body)).request;
        assertThat(header.correlationId()).isEqualTo(99);
        assertThat(parsed.data()).isEqualTo(expected);
    }

    @Test
    void shouldWriteProduceV9ResponseExactly() {
        // given
        broker.createTopic("golden", 1);

        // when
        connection.sendBytes(Unpooled.wrappedBuffer(HexFormat.of().parseHex(PRODUCE_V9_REQUEST)));

        // then
        ByteBuf frame = connection.receiveFrame();
        String written = KafkaWire.hex(KafkaWire.bytes(frame));
        ProduceResponse decoded = (ProduceResponse) KafkaWire.parseResponse(frame, goldenProduceHeader());
        frame.release();
        assertThat(written).isEqualTo(PRODUCE_V9_RESPONSE);
        PartitionProduceResponse partition = decoded.data().responses().find("golden", Uuid.ZERO_UUID)
                .partitionResponses().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.baseOffset()).isZero();
    }

    @Test
    void shouldFetchTheVeryBatchBytesThatWereProducedWithOnlyTheOffsetAndLeaderEpochRewritten() {
        // given a partition that already holds one record, and the golden request's batch
        broker.createTopic("golden", 1);
        connection.call((short) 9, KafkaWire.produce((short) 1, "golden", 0, KafkaWire.records("zeroth")));
        byte[] produced = goldenBatch();

        // when
        connection.sendBytes(Unpooled.wrappedBuffer(HexFormat.of().parseHex(PRODUCE_V9_REQUEST)));
        ByteBuf produceResponse = connection.receiveFrame();
        produceResponse.release();
        FetchResponse fetched = connection.call((short) 12, KafkaWire.fetch("golden", 0, 1));

        // then
        MemoryRecords records = (MemoryRecords) fetched.data().responses().get(0).partitions().get(0).records();
        List<MutableRecordBatch> batches = toList(records.batches());
        MutableRecordBatch stored = batches.get(batches.size() - 1);
        byte[] storedBytes = batchBytes(records, batches.size() - 1);
        assertThat(stored.baseOffset()).isEqualTo(1L);
        assertThat(stored.partitionLeaderEpoch()).isZero();
        assertThat(stored.isValid()).isTrue();
        assertThat(storedBytes).hasSameSizeAs(produced);
        // bytes 8-11: batch length; from byte 16 on: magic, CRC, attributes, timestamps, producer fields, records
        assertThat(Arrays.copyOfRange(storedBytes, 8, 12)).isEqualTo(Arrays.copyOfRange(produced, 8, 12));
        assertThat(Arrays.copyOfRange(storedBytes, 16, storedBytes.length))
                .isEqualTo(Arrays.copyOfRange(produced, 16, produced.length));
    }

    private static RequestHeader goldenProduceHeader() {
        return RequestHeader.parse(ByteBuffer.wrap(HexFormat.of().parseHex(PRODUCE_V9_REQUEST)).position(4));
    }

    private static byte[] goldenBatch() {
        ByteBuffer body = ByteBuffer.wrap(HexFormat.of().parseHex(PRODUCE_V9_REQUEST)).position(4);
        RequestHeader.parse(body);
        ProduceRequest parsed = (ProduceRequest) AbstractRequest.parseRequest(ApiKeys.PRODUCE, (short) 9,
                new ByteBufferAccessor(body)).request;
        MemoryRecords records = (MemoryRecords) parsed.data().topicData().iterator().next()
                .partitionData().get(0).records();
        return KafkaWire.bytes(records.buffer());
    }

    private static byte[] batchBytes(MemoryRecords records, int index) {
        ByteBuffer all = records.buffer();
        int position = 0;
        for (int i = 0; i < index; i++) {
            position += 12 + all.getInt(position + 8);
        }
        int size = 12 + all.getInt(position + 8);
        return Arrays.copyOfRange(KafkaWire.bytes(all), position, position + size);
    }

    private static <T> List<T> toList(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }
}
