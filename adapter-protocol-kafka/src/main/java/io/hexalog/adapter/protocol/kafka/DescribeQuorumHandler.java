package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.cluster.MetadataQuorum;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DescribeQuorum (KIP-595, KIP-836, KIP-853): the cluster's metadata quorum, as {@code kafka-metadata-quorum.sh} and
 * {@code Admin.describeMetadataQuorum} show it. Served by the nodes of a cluster, whose metadata log is the quorum;
 * every node answers with what the metadata log's leader sees, as a Kafka broker forwards the request to its active
 * controller. The request must name the metadata log's one partition, {@code __cluster_metadata-0}, or it is refused
 * at the top level with UNKNOWN_TOPIC_OR_PARTITION, as Kafka refuses it. While no leader answers, the partition's
 * error is NOT_LEADER_OR_FOLLOWER, which the admin client retries.
 *
 * <p>The voters are those of {@code --quorum-voters}, with no directory ID (the zero UUID, as Kafka reports a static
 * voter) and, from version 2, the address each replicates on as its {@code CONTROLLER} listener; there are no
 * observers.
 */
final class DescribeQuorumHandler extends AbstractApiHandler<DescribeQuorumRequestData, DescribeQuorumResponseData> {

    static final String METADATA_TOPIC = "__cluster_metadata";
    static final String LISTENER = "CONTROLLER";
    private static final int METADATA_PARTITION = 0;
    private static final short NODES_VERSION = 2;
    private static final Logger LOG = LoggerFactory.getLogger(DescribeQuorumHandler.class);

    private final DescribeClusterQuery cluster;

    DescribeQuorumHandler(DescribeClusterQuery cluster) {
        super(ApiKeys.DESCRIBE_QUORUM, 0, 2);
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<DescribeQuorumResponseData> handle(RequestContext context,
                                                              DescribeQuorumRequestData request) {
        if (!namesTheMetadataPartition(request)) {
            return CompletableFuture.completedFuture(new DescribeQuorumResponseData()
                    .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage("DescribeQuorum describes only " + METADATA_TOPIC + "-" + METADATA_PARTITION));
        }
        boolean withNodes = context.apiVersion() >= NODES_VERSION;
        return cluster.metadataQuorum()
                .thenApply(quorum -> response(quorum, withNodes))
                .exceptionally(failure -> noLeader(context, failure));
    }

    private static boolean namesTheMetadataPartition(DescribeQuorumRequestData request) {
        return request.topics().size() == 1
                && METADATA_TOPIC.equals(request.topics().get(0).topicName())
                && request.topics().get(0).partitions().size() == 1
                && request.topics().get(0).partitions().get(0).partitionIndex() == METADATA_PARTITION;
    }

    private static DescribeQuorumResponseData response(MetadataQuorum quorum, boolean withNodes) {
        DescribeQuorumResponseData.PartitionData partition = partition()
                .setErrorCode(Errors.NONE.code())
                .setLeaderId(quorum.leaderId())
                .setLeaderEpoch(quorum.leaderEpoch())
                .setHighWatermark(quorum.highWatermark())
                .setCurrentVoters(quorum.voters().stream().map(DescribeQuorumHandler::replicaState).toList())
                .setObservers(List.of());
        DescribeQuorumResponseData response = withTopic(partition);
        if (withNodes) {
            for (MetadataQuorum.Voter voter : quorum.voters()) {
                DescribeQuorumResponseData.Node node = new DescribeQuorumResponseData.Node().setNodeId(voter.nodeId());
                node.listeners().add(new DescribeQuorumResponseData.Listener()
                        .setName(LISTENER).setHost(voter.host()).setPort(voter.port()));
                response.nodes().add(node);
            }
        }
        return response;
    }

    private static ReplicaState replicaState(MetadataQuorum.Voter voter) {
        return new ReplicaState()
                .setReplicaId(voter.nodeId())
                .setReplicaDirectoryId(Uuid.ZERO_UUID)
                .setLogEndOffset(voter.logEndOffset())
                .setLastFetchTimestamp(voter.lastFetchTimestamp())
                .setLastCaughtUpTimestamp(voter.lastCaughtUpTimestamp());
    }

    private static DescribeQuorumResponseData noLeader(RequestContext context, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = "No leader of the metadata quorum answered: " + cause.getMessage();
        LOG.info("DescribeQuorum from client {}: {}", context.clientId(), message);
        return withTopic(partition()
                .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code())
                .setErrorMessage(message)
                .setLeaderId(-1)
                .setLeaderEpoch(-1)
                .setHighWatermark(-1));
    }

    private static DescribeQuorumResponseData.PartitionData partition() {
        return new DescribeQuorumResponseData.PartitionData().setPartitionIndex(METADATA_PARTITION);
    }

    private static DescribeQuorumResponseData withTopic(DescribeQuorumResponseData.PartitionData partition) {
        DescribeQuorumResponseData response = new DescribeQuorumResponseData().setErrorCode(Errors.NONE.code());
        response.topics().add(new DescribeQuorumResponseData.TopicData()
                .setTopicName(METADATA_TOPIC)
                .setPartitions(List.of(partition)));
        return response;
    }
}
