package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FindCoordinator: one key per request before version 4 (KIP-699), a batch of keys from 4. */
class FindCoordinatorHandlerTest {

    private static final short V3 = 3;
    private static final short V6 = 6;

    private final EmbeddedBroker.Connection connection = new EmbeddedBroker().connect();

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2, 3})
    void shouldNameThisBrokerAsCoordinatorOfTheOneGroupAsked(short version) {
        // when
        FindCoordinatorResponseData response = find(version, new FindCoordinatorRequestData().setKey("readers"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.nodeId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(response.host()).isEqualTo(SingleBrokerClusterViewFake.BROKER.host());
        assertThat(response.port()).isEqualTo(SingleBrokerClusterViewFake.BROKER.port());
        assertThat(response.coordinators()).isEmpty();
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 5, 6})
    void shouldAnswerEveryKeyOfABatchWithItsOwnCoordinator(short version) {
        // when
        FindCoordinatorResponseData response = find(version, batch(CoordinatorType.GROUP, "readers", "writers"));

        // then
        assertThat(response.coordinators()).extracting(Coordinator::key).containsExactly("readers", "writers");
        assertThat(response.coordinators()).allSatisfy(coordinator -> {
            assertThat(coordinator.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(coordinator.nodeId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
            assertThat(coordinator.host()).isEqualTo(SingleBrokerClusterViewFake.BROKER.host());
            assertThat(coordinator.port()).isEqualTo(SingleBrokerClusterViewFake.BROKER.port());
        });
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 3})
    void shouldNameThisBrokerAsCoordinatorOfATransactionalId(short version) {
        // when
        FindCoordinatorResponseData response = find(version, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id()).setKey("payments-tx"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.nodeId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(response.port()).isEqualTo(SingleBrokerClusterViewFake.BROKER.port());
    }

    @Test
    void shouldAnswerEveryTransactionalIdOfABatch() {
        // when
        FindCoordinatorResponseData response = find(V6, batch(CoordinatorType.TRANSACTION, "payments-tx", "refunds-tx"));

        // then
        assertThat(response.coordinators()).extracting(Coordinator::key).containsExactly("payments-tx", "refunds-tx");
        assertThat(response.coordinators()).allSatisfy(coordinator -> {
            assertThat(coordinator.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(coordinator.nodeId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        });
    }

    @Test
    void shouldRefuseAShareKeyWithInvalidRequestAndNoNode() {
        // when
        FindCoordinatorResponseData response = find(V6, batch(CoordinatorType.SHARE, "group:topic:0"));

        // then
        assertThat(response.coordinators()).singleElement().satisfies(coordinator -> {
            assertThat(coordinator.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(coordinator.nodeId()).isEqualTo(-1);
            assertThat(coordinator.host()).isEmpty();
        });
    }

    @Test
    void shouldRefuseAnEmptyTransactionalId() {
        // when
        FindCoordinatorResponseData response = find(V3, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id()).setKey(""));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.nodeId()).isEqualTo(-1);
    }

    private FindCoordinatorResponseData find(short version, FindCoordinatorRequestData request) {
        return connection.<FindCoordinatorResponse>call(version, request).data();
    }

    private static FindCoordinatorRequestData batch(CoordinatorType type, String... keys) {
        return new FindCoordinatorRequestData().setKeyType(type.id()).setCoordinatorKeys(List.of(keys));
    }
}
