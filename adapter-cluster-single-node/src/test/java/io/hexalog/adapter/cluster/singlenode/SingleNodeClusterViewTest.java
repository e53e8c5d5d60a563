package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleNodeClusterViewTest extends ClusterViewContract {

    private static final String CLUSTER_ID = "5L6g3nShT-eMCtK--X86sw";
    private static final BrokerNode CONFIGURED = new BrokerNode(7, "broker.example", 0);

    private final AtomicReference<BrokerNode> advertised = new AtomicReference<>(CONFIGURED);

    @Override
    protected ClusterView createClusterView() {
        return new SingleNodeClusterView(CLUSTER_ID, advertised::get);
    }

    @Test
    void shouldBeTheOnlyBrokerTheControllerAndTheLeaderOfEveryPartitionAtEpochZero() {
        Topic orders = Topic.create(TopicName.of("orders"), 2);

        assertThat(view().clusterId()).isEqualTo(CLUSTER_ID);
        assertThat(view().brokers()).containsExactly(CONFIGURED);
        assertThat(view().localBroker()).isEqualTo(CONFIGURED);
        assertThat(view().controllerId()).isEqualTo(7);
        for (int partition = 0; partition < 2; partition++) {
            assertThat(view().leadership(orders.partition(partition)))
                    .isEqualTo(new PartitionLeadership(7, 0, List.of(7), List.of(7)));
        }
    }

    @Test
    void shouldAdvertiseThePortTheListenerWasBoundToOnceItIsKnown() {
        BrokerNode bound = new BrokerNode(7, "broker.example", 49152);

        advertised.set(bound);

        assertThat(view().localBroker()).isEqualTo(bound);
        assertThat(view().brokers()).containsExactly(bound);
    }

    @Test
    void shouldRefuseABlankClusterId() {
        assertThatThrownBy(() -> new SingleNodeClusterView(" ", advertised::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
