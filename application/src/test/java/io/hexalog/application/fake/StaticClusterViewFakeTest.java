package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StaticClusterViewFakeTest extends ClusterViewContract {

    @Override
    protected ClusterView createClusterView() {
        return new StaticClusterViewFake(3);
    }

    @Test
    void shouldLetAnotherBrokerLeadAPartitionHandedToIt() {
        StaticClusterViewFake view = new StaticClusterViewFake(3);
        TopicIdPartition handed = Topic.create(TopicName.of("orders"), 2).partition(1);

        view.handLeadership(handed, 2);

        assertThat(view.leads(handed)).isFalse();
        assertThat(view.leadership(handed)).isEqualTo(new PartitionLeadership(2, 1, List.of(2, 0), List.of(2, 0)));
        assertThat(view.leads(Topic.create(TopicName.of("payments"), 1).partition(0))).isTrue();
    }
}
