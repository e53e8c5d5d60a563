package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.fake.MiniatureApplierFake;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The view of a real one-node Ratis cluster, once its groups have elected it. */
class RatisClusterViewTest extends ClusterViewContract {

    @TempDir
    static Path dataDir;

    private static RatisNode node;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = new RatisNode(OneNodeCluster.settings(dataDir));
        node.start(new MiniatureApplierFake(1000));
        OneNodeCluster.awaitLeadingEveryShard(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Override
    protected ClusterView createClusterView() {
        return new RatisClusterView(node, () -> OneNodeCluster.BROKER);
    }

    @Test
    void shouldNameTheNodeTheRegisteredBrokerTheControllerAndTheLeaderOfEveryPartitionInItsTerm() {
        TopicIdPartition partition = Topic.create(TopicName.of("orders"), 1).partition(0);

        PartitionLeadership leadership = view().leadership(partition);

        assertThat(view().brokers()).containsExactly(OneNodeCluster.BROKER);
        assertThat(view().controllerId()).isEqualTo(1);
        assertThat(view().groupCoordinatorId()).isEqualTo(1);
        assertThat(view().leads(partition)).isTrue();
        assertThat(leadership.leaderId()).isEqualTo(1);
        assertThat(leadership.replicas()).isEqualTo(List.of(1));
        assertThat(leadership.leaderEpoch()).isPositive();
    }
}
