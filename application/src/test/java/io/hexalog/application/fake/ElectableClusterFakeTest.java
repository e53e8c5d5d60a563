package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.application.port.out.LeaderElectionsContract;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElectableClusterFakeTest extends LeaderElectionsContract {

    private static final TopicIdPartition PARTITION = Topic.create(TopicName.of("payments"), 1).partition(0);

    private ElectableClusterFake cluster = new ElectableClusterFake(3);

    @Override
    protected LeaderElections createElections() {
        cluster = new ElectableClusterFake(3);
        return cluster;
    }

    @Override
    protected ClusterView view() {
        return cluster;
    }

    @Override
    protected void leadElsewhere(TopicIdPartition partition) {
        cluster.lead(partition, 2);
    }

    @Test
    void shouldNameTheBrokerAPartitionWasHandedToAsItsLeaderInANewEpoch() {
        // when
        cluster.lead(PARTITION, 1);

        // then
        PartitionLeadership leadership = cluster.leadership(PARTITION);
        assertThat(leadership.leaderId()).isEqualTo(1);
        assertThat(leadership.leaderEpoch()).isEqualTo(1);
        assertThat(leadership.replicas()).containsExactly(0, 1, 2);
    }

    @Test
    void shouldPlaceAPartitionOnTheBrokersGivenLedByTheFirstAndOthersOnEveryBroker() {
        // when
        cluster.place(PARTITION, List.of(2, 1));

        // then
        PartitionLeadership leadership = cluster.leadership(PARTITION);
        assertThat(leadership.replicas()).containsExactly(2, 1);
        assertThat(leadership.inSyncReplicas()).containsExactly(2, 1);
        assertThat(leadership.leaderId()).isEqualTo(2);
        assertThat(cluster.holdsReplica(PARTITION)).isFalse();
        assertThat(cluster.leadership(new TopicIdPartition(PARTITION.topicId(), PARTITION.topic(), PARTITION.partition() + 1))
                .replicas()).containsExactly(0, 1, 2);
    }

    @Test
    void shouldTakeAStoppedBrokerOutOfSyncAndOutOfTheLeadership() {
        // given
        cluster.lead(PARTITION, 1);

        // when
        cluster.stop(1);

        // then
        PartitionLeadership leadership = cluster.leadership(PARTITION);
        assertThat(leadership.leaderId()).isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(leadership.inSyncReplicas()).containsExactly(0, 2);
        assertThat(cluster.brokers()).extracting(broker -> broker.nodeId()).containsExactly(0, 2);
    }

    @Test
    void shouldRefuseToElectThePreferredLeaderWhileItIsStopped() {
        // given
        cluster.lead(PARTITION, 1);
        cluster.stop(0);

        // when / then
        assertThatThrownBy(() -> cluster.electPreferredLeader(PARTITION, Duration.ofSeconds(1)).join())
                .hasCauseInstanceOf(PreferredLeaderNotAvailableException.class);
        assertThat(cluster.leadership(PARTITION).leaderId()).isEqualTo(1);
        assertThat(cluster.elected()).isEmpty();
    }

    @Nested
    class AsAClusterView extends io.hexalog.application.port.out.ClusterViewContract {

        @Override
        protected ClusterView createClusterView() {
            return new ElectableClusterFake(3);
        }
    }
}
