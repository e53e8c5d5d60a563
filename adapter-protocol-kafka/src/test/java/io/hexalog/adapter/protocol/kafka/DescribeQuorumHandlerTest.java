package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.DescribeQuorumRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DescribeQuorumHandlerTest {

    private static final MetadataQuorum QUORUM = new MetadataQuorum(2, 7, 120, List.of(
            new MetadataQuorum.Voter(1, "127.0.0.1", 9192, 118, 1_000_400, MetadataQuorum.UNKNOWN),
            new MetadataQuorum.Voter(2, "127.0.0.1", 9193, 121, MetadataQuorum.UNKNOWN, 1_000_500),
            new MetadataQuorum.Voter(3, "127.0.0.1", 9194, 121, 1_000_450, 1_000_450)));

    private CompletableFuture<MetadataQuorum> quorum = CompletableFuture.completedFuture(QUORUM);
    private final DescribeQuorumHandler handler = new DescribeQuorumHandler(new QuorumOfThree());

    @Test
    void shouldDescribeTheQuorumAsItsLeaderSeesIt() {
        DescribeQuorumResponseData response = handle((short) 2, DescribeQuorumRequest.singletonRequest(
                new TopicPartition("__cluster_metadata", 0)));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        PartitionData partition = response.topics().get(0).partitions().get(0);
        assertThat(response.topics().get(0).topicName()).isEqualTo("__cluster_metadata");
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.leaderId()).isEqualTo(2);
        assertThat(partition.leaderEpoch()).isEqualTo(7);
        assertThat(partition.highWatermark()).isEqualTo(120);
        assertThat(partition.currentVoters()).extracting(ReplicaState::replicaId, ReplicaState::logEndOffset,
                        ReplicaState::lastFetchTimestamp, ReplicaState::lastCaughtUpTimestamp)
                .containsExactly(tuple(1, 118L, 1_000_400L, -1L),
                        tuple(2, 121L, -1L, 1_000_500L),
                        tuple(3, 121L, 1_000_450L, 1_000_450L));
        assertThat(partition.currentVoters()).allSatisfy(voter ->
                assertThat(voter.replicaDirectoryId()).isEqualTo(Uuid.ZERO_UUID));
        assertThat(partition.observers()).isEmpty();
        assertThat(response.nodes()).hasSize(3);
        DescribeQuorumResponseData.Node third = response.nodes().find(3);
        assertThat(third.listeners().find("CONTROLLER")).satisfies(listener -> {
            assertThat(listener.host()).isEqualTo("127.0.0.1");
            assertThat(listener.port()).isEqualTo(9194);
        });
    }

    @Test
    void shouldLeaveOutTheNodesBeforeVersionTwoWhichHasNoPlaceForThem() {
        DescribeQuorumResponseData response = handle((short) 0, DescribeQuorumRequest.singletonRequest(
                new TopicPartition("__cluster_metadata", 0)));

        assertThat(response.nodes()).isEmpty();
        // written and read back at version 0, as the broker sends it
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(response.size(cache, (short) 0));
        response.write(new ByteBufferAccessor(buffer), cache, (short) 0);
        buffer.flip();
        DescribeQuorumResponseData read = new DescribeQuorumResponseData(new ByteBufferAccessor(buffer), (short) 0);
        assertThat(read.topics().get(0).partitions().get(0).currentVoters()).extracting(ReplicaState::replicaId)
                .containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseARequestForAnotherPartitionAsKafkaDoes() {
        DescribeQuorumResponseData response = handle((short) 2, DescribeQuorumRequest.singletonRequest(
                new TopicPartition("orders", 0)));

        assertThat(response.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.topics()).isEmpty();
    }

    @Test
    void shouldAnswerNotLeaderOrFollowerWhileNoLeaderAnswers() {
        quorum = CompletableFuture.failedFuture(new IOException("The leader of group-1 did not answer"));

        DescribeQuorumResponseData response = handle((short) 2, DescribeQuorumRequest.singletonRequest(
                new TopicPartition("__cluster_metadata", 0)));

        PartitionData partition = response.topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(partition.errorMessage()).contains("did not answer");
        assertThat(partition.leaderId()).isEqualTo(-1);
    }

    private DescribeQuorumResponseData handle(short version, DescribeQuorumRequestData request) {
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.DESCRIBE_QUORUM, version, "test", 1),
                new InetSocketAddress("127.0.0.1", 1), new AfterResponse(), Runnable::run);
        return handler.handle(context, request).join();
    }

    /** The cluster of three whose quorum the test sets. */
    private final class QuorumOfThree implements DescribeClusterQuery {

        @Override
        public String clusterId() {
            return "cluster";
        }

        @Override
        public int controllerId() {
            return 2;
        }

        @Override
        public BrokerNode localBroker() {
            return new BrokerNode(1, "127.0.0.1", 9092);
        }

        @Override
        public List<BrokerNode> brokers() {
            return List.of(localBroker());
        }

        @Override
        public PartitionLeadership leadership(TopicIdPartition partition) {
            return new PartitionLeadership(1, 0, List.of(1), List.of(1));
        }

        @Override
        public boolean hasMetadataQuorum() {
            return true;
        }

        @Override
        public CompletableFuture<MetadataQuorum> metadataQuorum() {
            return quorum;
        }
    }
}
