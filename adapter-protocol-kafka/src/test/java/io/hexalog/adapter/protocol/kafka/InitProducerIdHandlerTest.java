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
    void shouldBumpTheEpochOfATransactionalIdForEachNewInstance() {
        // when
        InitProducerIdResponse first = connection.call((short) 5, transactional("tx-1", 60_000));
        InitProducerIdResponse second = connection.call((short) 5, transactional("tx-1", 60_000));

        // then
        assertThat(first.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(second.data().producerId()).isEqualTo(first.data().producerId());
        assertThat(second.data().producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void shouldRefuseATransactionTimeoutAboveTheMaximum() {
        // when
        InitProducerIdResponse response = connection.call((short) 5, transactional("tx-1", 900_001));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        assertThat(response.data().producerId()).isEqualTo(-1L);
        assertThat(response.data().producerEpoch()).isEqualTo((short) -1);
    }

    @Test
    void shouldFenceAnOlderInstanceAskingForABump() {
        // given
        InitProducerIdResponse zombie = connection.call((short) 5, transactional("tx-1", 60_000));
        connection.call((short) 5, transactional("tx-1", 60_000));

        // when
        InitProducerIdResponse newest = connection.call((short) 5, transactional("tx-1", 60_000)
                .setProducerId(zombie.data().producerId()).setProducerEpoch(zombie.data().producerEpoch()));
        InitProducerIdResponse older = connection.call((short) 3, transactional("tx-1", 60_000)
                .setProducerId(zombie.data().producerId()).setProducerEpoch(zombie.data().producerEpoch()));

        // then
        assertThat(newest.data().errorCode()).isEqualTo(Errors.PRODUCER_FENCED.code());
        assertThat(older.data().errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
    }

    private static InitProducerIdRequestData transactional(String transactionalId, int timeoutMs) {
        return idempotent().setTransactionalId(transactionalId).setTransactionTimeoutMs(timeoutMs);
    }

    private static InitProducerIdRequestData idempotent() {
        return new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                .setProducerId(-1).setProducerEpoch((short) -1);
    }
}
