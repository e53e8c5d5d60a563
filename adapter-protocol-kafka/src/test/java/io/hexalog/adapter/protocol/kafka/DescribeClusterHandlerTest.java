package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeClusterHandlerTest {

    private static final byte BROKER_ENDPOINTS = 1;
    private static final byte CONTROLLER_ENDPOINTS = 2;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldDescribeTheClusterAndItsBrokers() {
        // when
        DescribeClusterResponse response = connection.call((short) 1,
                new DescribeClusterRequestData().setEndpointType(BROKER_ENDPOINTS));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().clusterId()).isEqualTo(SingleBrokerClusterViewFake.CLUSTER_ID);
        assertThat(response.data().controllerId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        DescribeClusterBroker described = response.data().brokers().iterator().next();
        assertThat(described.brokerId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(described.host()).isEqualTo(SingleBrokerClusterViewFake.BROKER.host());
        assertThat(described.port()).isEqualTo(SingleBrokerClusterViewFake.BROKER.port());
    }

    @Test
    void shouldAnswerVersionZero() {
        // when
        DescribeClusterResponse response = connection.call((short) 0, new DescribeClusterRequestData());

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().brokers()).hasSize(1);
    }

    @Test
    void shouldRefuseControllerEndpointsWithMismatchedEndpointType() {
        // when
        DescribeClusterResponse response = connection.call((short) 1,
                new DescribeClusterRequestData().setEndpointType(CONTROLLER_ENDPOINTS));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(response.data().brokers()).isEmpty();
    }
}
