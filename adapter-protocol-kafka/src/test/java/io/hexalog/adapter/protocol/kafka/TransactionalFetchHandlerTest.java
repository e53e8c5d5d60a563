package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Produce, Fetch and ListOffsets of a partition holding transactions, on the wire: batches built by kafka-clients'
 * own {@link MemoryRecords} builders, markers written as the transaction coordinator will write them.
 */
class TransactionalFetchHandlerTest {

    private static final short PRODUCE_V9 = 9;
    private static final short FETCH_V12 = 12;
    private static final short LIST_OFFSETS_V9 = 9;
    private static final long PRODUCER = 3000L;
    private static final long MARKER_TIME = 1_700_000_123_456L;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private TopicIdPartition partition;

    @BeforeEach
    void createTopic() {
        broker.createTopic("payments", 1);
        partition = broker.core().describeTopics().findTopic(TopicName.of("payments")).orElseThrow().partition(0);
    }

    @Test
    void shouldStopAReadCommittedFetchAtTheLastStableOffsetWhileTheTransactionIsOngoing() {
        produce(KafkaWire.records("before"));
        produce(transactional(0, "in-1", "in-2"));

        FetchResponseData.PartitionData committed = fetch(IsolationLevel.READ_COMMITTED);
        FetchResponseData.PartitionData uncommitted = fetch(IsolationLevel.READ_UNCOMMITTED);

        assertThat(committed.lastStableOffset()).isEqualTo(1);
        assertThat(committed.highWatermark()).isEqualTo(3);
        assertThat(values(committed)).containsExactly("before");
        assertThat(values(uncommitted)).containsExactly("before", "in-1", "in-2");
        assertThat(uncommitted.lastStableOffset()).isEqualTo(1);
    }

    @Test
    void shouldReturnTheCommittedTransactionAndItsMarkerOnceTheMarkerIsWritten() {
        produce(transactional(0, "in-1", "in-2"));

        long markerOffset = writeMarker(true);
        FetchResponseData.PartitionData committed = fetch(IsolationLevel.READ_COMMITTED);

        assertThat(markerOffset).isEqualTo(2);
        assertThat(committed.lastStableOffset()).isEqualTo(3).isEqualTo(committed.highWatermark());
        assertThat(values(committed)).containsExactly("in-1", "in-2");
        assertThat(committed.abortedTransactions()).isNullOrEmpty();
    }

    @Test
    void shouldNameTheAbortedTransactionInAReadCommittedFetch() {
        produce(transactional(0, "in-1", "in-2"));
        writeMarker(false);

        FetchResponseData.PartitionData committed = fetch(IsolationLevel.READ_COMMITTED);
        FetchResponseData.PartitionData uncommitted = fetch(IsolationLevel.READ_UNCOMMITTED);

        assertThat(committed.abortedTransactions()).singleElement().satisfies(aborted -> {
            assertThat(aborted.producerId()).isEqualTo(PRODUCER);
            assertThat(aborted.firstOffset()).isZero();
        });
        assertThat(uncommitted.abortedTransactions()).isNullOrEmpty();
    }

    @Test
    void shouldWriteTheMarkerByteForByteAsKafkaDoes() {
        produce(transactional(0, "in-1", "in-2"));
        writeMarker(false);

        List<MutableRecordBatch> batches = batches(fetch(IsolationLevel.READ_UNCOMMITTED));
        MemoryRecords kafkas = MemoryRecords.withEndTransactionMarker(2L, MARKER_TIME, 0, PRODUCER, (short) 0,
                new EndTransactionMarker(ControlRecordType.ABORT, 5));

        assertThat(batches).hasSize(2);
        MutableRecordBatch marker = batches.get(1);
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(bytes(marker)).isEqualTo(KafkaWire.bytes(kafkas.buffer()));
    }

    @Test
    void shouldRefuseANonTransactionalBatchOfAProducerWhileItsTransactionIsOngoing() {
        produce(transactional(0, "in-1"));

        PartitionProduceResponse refused = produce(KafkaWire.idempotentRecords(PRODUCER, (short) 0, 1, "outside"));

        assertThat(refused.errorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
        assertThat(values(fetch(IsolationLevel.READ_UNCOMMITTED))).containsExactly("in-1");
    }

    @Test
    void shouldListTheLastStableOffsetAsLatestForReadCommitted() {
        produce(KafkaWire.records("before"));
        produce(transactional(0, "in-1", "in-2"));

        assertThat(latest(IsolationLevel.READ_COMMITTED).offset()).isEqualTo(1);
        assertThat(latest(IsolationLevel.READ_UNCOMMITTED).offset()).isEqualTo(3);
    }

    private PartitionProduceResponse produce(MemoryRecords records) {
        ProduceRequestData request = KafkaWire.produce((short) 1, "payments", 0, records);
        ProduceResponse response = connection.call(PRODUCE_V9, request);
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private static MemoryRecords transactional(int baseSequence, String... values) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER, (short) 0, baseSequence,
                List.of(values).stream().map(KafkaWire::record).toArray(org.apache.kafka.common.record.internal.SimpleRecord[]::new));
    }

    private long writeMarker(boolean commit) {
        return broker.core().applyCommands()
                .apply(new WriteTxnMarker(partition, PRODUCER, (short) 0, 5, commit, MARKER_TIME), 0).join();
    }

    private FetchResponseData.PartitionData fetch(IsolationLevel isolation) {
        FetchRequestData request = KafkaWire.fetch("payments", 0, 0).setIsolationLevel(isolation.id());
        FetchResponse response = connection.call(FETCH_V12, request);
        return response.data().responses().get(0).partitions().get(0);
    }

    private ListOffsetsPartitionResponse latest(IsolationLevel isolation) {
        ListOffsetsTopic listed = new ListOffsetsTopic().setName("payments");
        listed.partitions().add(new ListOffsetsPartition().setPartitionIndex(0)
                .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP).setCurrentLeaderEpoch(-1));
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1)
                .setIsolationLevel(isolation.id());
        request.topics().add(listed);
        ListOffsetsResponse response = connection.call(LIST_OFFSETS_V9, request);
        return response.data().topics().get(0).partitions().get(0);
    }

    /** The values of the data records, as a consumer sees them: control batches hold none. */
    private static List<String> values(FetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        if (partition.records() == null) {
            return values;
        }
        for (MutableRecordBatch batch : batches(partition)) {
            if (!batch.isControlBatch()) {
                batch.forEach(record -> values.add(KafkaWire.value(record)));
            }
        }
        return values;
    }

    private static List<MutableRecordBatch> batches(FetchResponseData.PartitionData partition) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        ((MemoryRecords) partition.records()).batches().forEach(batches::add);
        return batches;
    }

    private static byte[] bytes(MutableRecordBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return buffer.array();
    }
}
