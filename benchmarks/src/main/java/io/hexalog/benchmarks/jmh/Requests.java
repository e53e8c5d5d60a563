package io.hexalog.benchmarks.jmh;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Request frames (size prefix excluded) as the Java client sends them. */
final class Requests {

    static final short PRODUCE_VERSION = 12;
    static final short FETCH_VERSION = 12;

    private Requests() {
    }

    /** A Produce request with one batch for each of {@code partitions} partitions of {@code topic}. */
    static ProduceRequestData produce(String topic, int partitions, short acks, String compression) {
        List<ProduceRequestData.PartitionProduceData> data = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            data.add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                    .setRecords(MemoryRecords.readableRecords(Batches.batch(compression, partition))));
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(data));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000).setTopicData(topics);
    }

    static ByteBuffer produceFrame(ProduceRequestData data, int correlationId) {
        return frame(new ProduceRequest(data, PRODUCE_VERSION), ApiKeys.PRODUCE, PRODUCE_VERSION, correlationId);
    }

    /** A full, sessionless Fetch of {@code partitions} partitions of {@code topic} from {@code offset}. */
    static ByteBuffer fetchFrame(String topic, int partitions, long offset, int maxBytes, int correlationId) {
        List<FetchRequestData.FetchPartition> wanted = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            wanted.add(new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(offset)
                    .setPartitionMaxBytes(maxBytes).setCurrentLeaderEpoch(-1).setLogStartOffset(-1));
        }
        FetchRequestData data = new FetchRequestData()
                .setReplicaId(FetchRequest.CONSUMER_REPLICA_ID)
                .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(maxBytes * partitions)
                .setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(wanted)));
        return frame(new FetchRequest(data, FETCH_VERSION), ApiKeys.FETCH, FETCH_VERSION, correlationId);
    }

    private static ByteBuffer frame(AbstractRequest request, ApiKeys api, short version, int correlationId) {
        return request.serializeWithHeader(new RequestHeader(api, version, "hexalog-benchmarks", correlationId));
    }
}
