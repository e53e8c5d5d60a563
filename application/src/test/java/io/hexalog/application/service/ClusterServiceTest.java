package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterServiceTest {

    private final StaticClusterViewFake view = new StaticClusterViewFake(3);
    private final ClusterService service = new ClusterService(view,
            new PartitionRegistry(new InMemoryPartitionLogStoreFake(), view, new FetchPurgatory(),
                    LogConfig.KAFKA_DEFAULTS));

    @Test
    void shouldDescribeTheClusterFromTheClusterView() {
        var partition = Topic.create(TopicName.of("orders"), 1).partition(0);

        assertThat(service.clusterId()).isEqualTo(view.clusterId());
        assertThat(service.controllerId()).isEqualTo(view.controllerId());
        assertThat(service.brokers()).isEqualTo(view.brokers()).hasSize(3);
        assertThat(service.leadership(partition)).isEqualTo(view.leadership(partition));
    }
}
