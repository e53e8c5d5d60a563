package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ClusterView} promises. An adapter's test extends this class and supplies a view of a
 * cluster whose brokers are known (for a broker, once its listener is bound) and whose partitions all have a
 * leader (for a cluster, once its leaders are elected).
 */
public abstract class ClusterViewContract {

    /** Partitions of two topics, many partitions wide, that the view has never been told about. */
    private static final List<TopicIdPartition> PARTITIONS = Stream.of(
                    Topic.create(TopicName.of("orders"), 3), Topic.create(TopicName.of("payments"), 50))
            .flatMap(topic -> topic.partitions().stream())
            .toList();

    private ClusterView view;

    /** The adapter under test. Called once before each test. */
    protected abstract ClusterView createClusterView();

    @BeforeEach
    void createViewUnderTest() {
        view = createClusterView();
    }

    protected ClusterView view() {
        return view;
    }

    @Test
    void shouldNameTheClusterWithAnIdThatIsNotBlankAndDoesNotChange() {
        String clusterId = view.clusterId();

        assertThat(clusterId).isNotBlank();
        assertThat(view.clusterId()).isEqualTo(clusterId);
    }

    @Test
    void shouldListAtLeastOneBrokerAndEachNodeIdOnce() {
        List<Integer> nodeIds = nodeIds(view.brokers());

        assertThat(nodeIds).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void shouldCountTheLocalBrokerAmongTheBrokers() {
        assertThat(view.brokers()).contains(view.localBroker());
    }

    @Test
    void shouldNameAControllerAmongTheBrokers() {
        assertThat(nodeIds(view.brokers())).contains(view.controllerId());
    }

    @Test
    void shouldGiveEveryPartitionALeaderAmongTheBrokers() {
        List<Integer> brokers = nodeIds(view.brokers());

        for (TopicIdPartition partition : PARTITIONS) {
            assertThat(view.leadership(partition).leaderId()).as("leader of %s", partition).isIn(brokers);
        }
    }

    @Test
    void shouldCountTheLeaderAmongTheReplicasAndTheInSyncReplicas() {
        for (TopicIdPartition partition : PARTITIONS) {
            PartitionLeadership leadership = view.leadership(partition);

            assertThat(leadership.replicas()).as("replicas of %s", partition).contains(leadership.leaderId());
            assertThat(leadership.inSyncReplicas()).as("in-sync replicas of %s", partition)
                    .contains(leadership.leaderId());
        }
    }

    @Test
    void shouldTellWhenItLeadsAPartitionWhatLeadsTellsOnceItsLeadersAreElected() {
        for (TopicIdPartition partition : PARTITIONS) {
            assertThat(view.whenLeads(partition)).as("leads %s", partition)
                    .succeedsWithin(Duration.ofSeconds(10)).isEqualTo(view.leads(partition));
        }
    }

    @Test
    void shouldHoldAReplicaExactlyWhereItPlacesOneOnTheLocalBroker() {
        int local = view.localBroker().nodeId();

        for (TopicIdPartition partition : PARTITIONS) {
            assertThat(view.holdsReplica(partition)).as("holds a replica of %s", partition)
                    .isEqualTo(view.leadership(partition).replicas().contains(local));
        }
    }

    @Test
    void shouldPlaceReplicasOnBrokersOnceEachAndInSyncReplicasAmongThem() {
        List<Integer> brokers = nodeIds(view.brokers());

        for (TopicIdPartition partition : PARTITIONS) {
            PartitionLeadership leadership = view.leadership(partition);

            assertThat(leadership.replicas()).as("replicas of %s", partition)
                    .doesNotHaveDuplicates().isSubsetOf(brokers);
            assertThat(leadership.inSyncReplicas()).as("in-sync replicas of %s", partition)
                    .doesNotHaveDuplicates().isSubsetOf(leadership.replicas());
        }
    }

    @Test
    void shouldNeverAnswerANegativeLeaderEpoch() {
        for (TopicIdPartition partition : PARTITIONS) {
            assertThat(view.leadership(partition).leaderEpoch()).as("leader epoch of %s", partition).isNotNegative();
        }
    }

    @Test
    void shouldHaveJoinedTheClusterWhoseBrokersItKnows() {
        assertThat(view.whyNotJoined()).isEmpty();
    }

    @Test
    void shouldDescribeAMetadataQuorumWhoseLeaderAndLocalBrokerAreVotersOnlyWhereItHasOne() throws Exception {
        if (!view.hasMetadataQuorum()) {
            assertThat(view.metadataQuorum()).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(UnsupportedOperationException.class);
            return;
        }
        MetadataQuorum quorum = view.metadataQuorum().get(30, TimeUnit.SECONDS);
        assertThat(quorum.voters()).extracting(MetadataQuorum.Voter::nodeId)
                .contains(quorum.leaderId(), view.localBroker().nodeId());
        MetadataQuorum.Voter leader = quorum.voters().stream()
                .filter(voter -> voter.nodeId() == quorum.leaderId()).findFirst().orElseThrow();
        assertThat(leader.logEndOffset()).as("the leader's log holds what is committed")
                .isGreaterThanOrEqualTo(quorum.highWatermark());
    }

    @Test
    void shouldAnswerConsistentlyToManyThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                answers.add(threads.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        if (!holdsTogether()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private boolean holdsTogether() {
        List<Integer> brokers = nodeIds(view.brokers());
        return brokers.contains(view.localBroker().nodeId())
                && brokers.contains(view.controllerId())
                && PARTITIONS.stream().allMatch(partition -> brokers.contains(view.leadership(partition).leaderId()));
    }

    private static List<Integer> nodeIds(List<BrokerNode> brokers) {
        return brokers.stream().map(BrokerNode::nodeId).toList();
    }
}
