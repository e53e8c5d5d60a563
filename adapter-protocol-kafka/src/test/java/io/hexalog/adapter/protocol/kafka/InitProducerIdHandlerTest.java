package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InitProducerIdHandlerTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldGrantDistinctProducerIdsAtEpochZero() {
        // when
        InitProducerIdResponse first = connection.call((short) 4, idempotent());
        InitProducerIdResponse second = connection.call((short) 0, new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000));

        // then
        assertThat(first.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(first.data().producerId()).isNotNegative();
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(second.data().producerId()).isNotEqualTo(first.data().producerId());
    }

    @Test
    void shouldBumpTheEpochOfAProducerThatNamesItself() {
        // given
        InitProducerIdResponse granted = connection.call((short) 4, idempotent());

        // when
        InitProducerIdResponse bumped = connection.call((short) 3, idempotent()
                .setProducerId(granted.data().producerId()).setProducerEpoch(granted.data().producerEpoch()));

        // then
        assertThat(bumped.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(bumped.data().producerId()).isEqualTo(granted.data().producerId());
        assertThat(bumped.data().producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void shouldRefuseTransactionalProducer() {
        // when
        InitProducerIdResponse response = connection.call((short) 4, idempotent().setTransactionalId("tx-1"));

        // then
        assertThat(response.data().errorCode()).isNotEqualTo(Errors.NONE.code());
        assertThat(response.data().producerId()).isEqualTo(-1L);
        assertThat(response.data().producerEpoch()).isEqualTo((short) -1);
    }

    private static InitProducerIdRequestData idempotent() {
        return new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                .setProducerId(-1).setProducerEpoch((short) -1);
    }
}
