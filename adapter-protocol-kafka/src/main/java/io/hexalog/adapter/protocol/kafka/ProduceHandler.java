package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.RequiredAcks;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.error.UnsupportedCompressionTypeException;
import io.hexalog.domain.log.CompressionType;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: splits each partition's records into batches, without decompressing them, and appends them.
 * Partitions are independent: one failing does not fail the others. Versions 0-2 are advertised but not
 * served (KAFKA-18659: librdkafka disables compression if Produce does not start at 0); version 13 names
 * topics by ID. A request with acks=0 gets no response at all; if it fails, the connection is closed instead.
 * With acks=1 a cluster's leader answers once it has placed the batches in its own log, with acks=all once a
 * majority of the partition's replicas hold them ({@link RequiredAcks}).
 * From version 10, a partition this broker does not lead names its leader (KIP-951, {@link LeaderHints}).
 * A transactional producer's first batch on a partition is checked with its transaction (KIP-890): version 11
 * understands TRANSACTION_ABORTABLE, and from version 12 (transaction version 2) the partition is added to the
 * transaction instead, the producer sending no AddPartitionsToTxn.
 */
final class ProduceHandler extends AbstractApiHandler<ProduceRequestData, ProduceResponseData> {

    private static final short FIRST_VERSION_WITH_ZSTD = 7;
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 13;
    private static final short FIRST_VERSION_WITH_LEADER_HINTS = 10;
    private static final short FIRST_VERSION_WITH_TRANSACTION_ABORTABLE = 11;
    private static final short FIRST_VERSION_ADDING_PARTITIONS = 12;
    private static final long NO_OFFSET = -1L;

    private final ProduceUseCase produce;
    private final TopicResolver topics;
    private final DescribeClusterQuery cluster;
    private final KafkaProtocolAdapter.TrafficListener traffic;

    /**
     * A handler telling {@code traffic} the records and bytes each partition appended.
     *
     * @param cluster who leads the partitions this broker does not lead
     */
    ProduceHandler(ProduceUseCase produce, TopicResolver topics, DescribeClusterQuery cluster,
                   KafkaProtocolAdapter.TrafficListener traffic) {
        super(ApiKeys.PRODUCE, 3, 13);
        this.produce = produce;
        this.topics = topics;
        this.cluster = cluster;
        this.traffic = traffic;
    }

    @Override
    public short advertisedMinVersion() {
        return ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION;
    }

    @Override
    public CompletableFuture<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short version = context.apiVersion();
        short acks = request.acks();
        Optional<TransactionalId> transactionalId = transactionalId(request);
        TransactionSupportedOperation operation = operation(version);
        RequiredAcks requiredAcks = acks == 1 ? RequiredAcks.LEADER : acks == 0 ? RequiredAcks.NONE : RequiredAcks.ALL;
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name())
                    .setTopicId(topicData.topicId());
            response.responses().add(topicResponse);
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse partitionResponse = new PartitionProduceResponse()
                        .setIndex(partitionData.index());
                topicResponse.partitionResponses().add(partitionResponse);
                if (acks != 0 && acks != 1 && acks != -1) {
                    fail(partitionResponse, Errors.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1, not " + acks);
                    continue;
                }
                appends.add(append(version, topicData, partitionData, transactionalId, operation, requiredAcks)
                        .handle((result, failure) -> {
                            if (failure != null) {
                                fail(partitionResponse, ErrorMapping.toError(failure), ErrorMapping.message(failure));
                            } else {
                                partitionResponse.setBaseOffset(result.baseOffset())
                                        .setLogAppendTimeMs(result.logAppendTime().orElse(RecordBatch.NO_TIMESTAMP))
                                        .setLogStartOffset(result.logStartOffset());
                            }
                            return null;
                        }));
            }
        }
        CompletableFuture<Void> all = Futures.all(appends);
        if (acks == 0) {
            return all.thenApply(ignored -> silentUnlessFailed(response));
        }
        if (version < FIRST_VERSION_WITH_LEADER_HINTS) {
            return all.thenApply(ignored -> response);
        }
        return all.thenApply(ignored -> withLeaderHints(version, response));
    }

    /** Names the leader of every partition answered NOT_LEADER_OR_FOLLOWER, and where each leader listens. */
    private ProduceResponseData withLeaderHints(short version, ProduceResponseData response) {
        LeaderHints hints = null;
        for (TopicProduceResponse topic : response.responses()) {
            for (PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != Errors.NOT_LEADER_OR_FOLLOWER.code()) {
                    continue;
                }
                hints = hints != null ? hints : new LeaderHints(cluster, topics);
                hints.leaderOf(version >= FIRST_VERSION_WITH_TOPIC_IDS, topic.name(), topic.topicId(),
                        partition.index()).ifPresent(leader ->
                        partition.currentLeader().setLeaderId(leader.id()).setLeaderEpoch(leader.epoch()));
            }
        }
        if (hints != null) {
            for (BrokerNode broker : hints.endpoints()) {
                response.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint()
                        .setNodeId(broker.nodeId()).setHost(broker.host()).setPort(broker.port()).setRack(null));
            }
        }
        return response;
    }

    /** acks=0: nothing to send back; a failure closes the connection instead, as in Kafka. */
    private static ProduceResponseData silentUnlessFailed(ProduceResponseData response) {
        for (TopicProduceResponse topic : response.responses()) {
            for (PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != Errors.NONE.code()) {
                    throw new CloseConnectionException("acks=0 produce to " + topic.name() + "-" + partition.index()
                            + " failed with " + Errors.forCode(partition.errorCode()) + ": " + partition.errorMessage());
                }
            }
        }
        return null;
    }

    /** The request's transactional ID; none for a producer without one, whose batches are not checked. */
    private static Optional<TransactionalId> transactionalId(ProduceRequestData request) {
        String id = request.transactionalId();
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(TransactionalId.of(id));
    }

    private static TransactionSupportedOperation operation(short version) {
        if (version >= FIRST_VERSION_ADDING_PARTITIONS) {
            return TransactionSupportedOperation.ADD_PARTITION;
        }
        return version >= FIRST_VERSION_WITH_TRANSACTION_ABORTABLE
                ? TransactionSupportedOperation.GENERIC_ERROR_SUPPORTED : TransactionSupportedOperation.DEFAULT_ERROR;
    }

    private CompletableFuture<AppendResult> append(short version, ProduceRequestData.TopicProduceData topicData,
                                                   ProduceRequestData.PartitionProduceData partitionData,
                                                   Optional<TransactionalId> transactionalId,
                                                   TransactionSupportedOperation operation,
                                                   RequiredAcks requiredAcks) {
        return topics.resolveArriving(version >= FIRST_VERSION_WITH_TOPIC_IDS, topicData.name(), topicData.topicId())
                .thenCompose(topic -> append(version, topic, partitionData, transactionalId, operation,
                        requiredAcks));
    }

    private CompletableFuture<AppendResult> append(short version, Topic topic,
                                                   ProduceRequestData.PartitionProduceData partitionData,
                                                   Optional<TransactionalId> transactionalId,
                                                   TransactionSupportedOperation operation,
                                                   RequiredAcks requiredAcks) {
        try {
            if (!topic.hasPartition(partitionData.index())) {
                throw new UnknownTopicOrPartitionException(
                        "Topic '" + topic.name() + "' has no partition " + partitionData.index());
            }
            List<RecordBatch> batches = batches(partitionData);
            if (version < FIRST_VERSION_WITH_ZSTD) {
                rejectZstd(batches, version);
            }
            CompletableFuture<AppendResult> appended =
                    produce.append(new AppendRecordsCommand(topic.partition(partitionData.index()), batches,
                            transactionalId, operation, requiredAcks));
            if (traffic != KafkaProtocolAdapter.TrafficListener.NONE) {
                appended.thenRun(() -> countAppended(topic.name().value(), batches));
            }
            return appended;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void countAppended(String topic, List<RecordBatch> batches) {
        int records = 0;
        int bytes = 0;
        for (RecordBatch batch : batches) {
            records += batch.recordCount();
            bytes += batch.sizeInBytes();
        }
        traffic.produced(topic, records, bytes);
    }

    private static List<RecordBatch> batches(ProduceRequestData.PartitionProduceData partitionData) {
        if (!(partitionData.records() instanceof MemoryRecords records) || records.sizeInBytes() == 0) {
            throw new CorruptRecordException("Produce request for partition " + partitionData.index()
                    + " carries no records");
        }
        return RecordBatch.splitAll(records.buffer());
    }

    private static void rejectZstd(List<RecordBatch> batches, short version) {
        for (RecordBatch batch : batches) {
            if (batch.compression() == CompressionType.ZSTD) {
                throw new UnsupportedCompressionTypeException(
                        "zstd-compressed batches need Produce version 7 or later, not " + version);
            }
        }
    }

    private static void fail(PartitionProduceResponse response, Errors error, String message) {
        response.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(NO_OFFSET)
                .setLogAppendTimeMs(NO_OFFSET)
                .setLogStartOffset(NO_OFFSET);
    }
}
