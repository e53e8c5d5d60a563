package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.application.port.out.LeaderElectionsContract;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleBrokerClusterViewFakeTest extends ClusterViewContract {

    private static final TopicIdPartition PARTITION = Topic.create(TopicName.of("orders"), 1).partition(0);

    @Override
    protected ClusterView createClusterView() {
        SingleBrokerClusterViewFake view = new SingleBrokerClusterViewFake();
        view.leaderEpoch(4);
        return view;
    }

    @Test
    void shouldNameTheOtherBrokerAsLeaderInTheNextEpochOnceTheLeadershipMovedThere() {
        // given
        SingleBrokerClusterViewFake view = new SingleBrokerClusterViewFake();
        view.leaderEpoch(4);

        // when
        view.leadElsewhere();

        // then
        PartitionLeadership leadership = view.leadership(PARTITION);
        assertThat(leadership.leaderId()).isEqualTo(SingleBrokerClusterViewFake.OTHER.nodeId());
        assertThat(leadership.leaderEpoch()).isEqualTo(5);
        assertThat(leadership.replicas()).first().isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(view.leads(PARTITION)).isFalse();
        assertThat(view.brokers()).contains(SingleBrokerClusterViewFake.OTHER);
    }

    @Test
    void shouldNameNoLeaderWhileNoneIsElected() {
        // given
        SingleBrokerClusterViewFake view = new SingleBrokerClusterViewFake();

        // when
        view.leadNowhere();

        // then
        assertThat(view.leadership(PARTITION).leaderId()).isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(view.leads(PARTITION)).isFalse();
    }

    @Nested
    class AsLeaderElections extends LeaderElectionsContract {

        private final SingleBrokerClusterViewFake view = new SingleBrokerClusterViewFake();

        @Override
        protected LeaderElections createElections() {
            return view;
        }

        @Override
        protected ClusterView view() {
            return view;
        }

        @Override
        protected void leadElsewhere(TopicIdPartition partition) {
            view.leadElsewhere();
        }
    }
}
