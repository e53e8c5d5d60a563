package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link LeaderElections} promises. An adapter's test extends this class and supplies the port with
 * the {@link ClusterView} of the same broker, and, where its cluster can, a way to move a leadership away from a
 * partition's preferred replica.
 */
public abstract class LeaderElectionsContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TopicIdPartition PARTITION = Topic.create(TopicName.of("orders"), 3).partition(1);

    private LeaderElections elections;

    /** The adapter under test. Called once before each test. */
    protected abstract LeaderElections createElections();

    /** The cluster as the broker the elections are asked on sees it. */
    protected abstract ClusterView view();

    /** Hands the partition's leadership to a replica other than its preferred one; a cluster of one cannot. */
    protected void leadElsewhere(TopicIdPartition partition) {
    }

    @BeforeEach
    void createElectionsUnderTest() {
        elections = createElections();
    }

    @Test
    void shouldCompleteOnceTheViewNamesThePreferredReplicaAsLeader() throws Exception {
        // given
        leadElsewhere(PARTITION);

        // when
        elections.electPreferredLeader(PARTITION, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        // then
        PartitionLeadership leadership = view().leadership(PARTITION);
        assertThat(leadership.leaderId()).isEqualTo(leadership.replicas().get(0));
    }

    @Test
    void shouldCompleteWhenThePreferredReplicaLeadsAlready() throws Exception {
        // given
        elections.electPreferredLeader(PARTITION, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        int epoch = view().leadership(PARTITION).leaderEpoch();

        // when
        elections.electPreferredLeader(PARTITION, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        // then
        PartitionLeadership leadership = view().leadership(PARTITION);
        assertThat(leadership.leaderId()).isEqualTo(leadership.replicas().get(0));
        assertThat(leadership.leaderEpoch()).isEqualTo(epoch);
    }
}
