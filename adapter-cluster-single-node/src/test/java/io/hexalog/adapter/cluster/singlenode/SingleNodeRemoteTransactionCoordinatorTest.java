package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SingleNodeRemoteTransactionCoordinatorTest {

    private static final BrokerNode OTHER = new BrokerNode(2, "other.example", 9092);
    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final ProducerIdentity PRODUCER = new ProducerIdentity(7, (short) 0);
    private static final Set<TopicPartition> ORDERS_0 = Set.of(new TopicPartition(TopicName.of("orders"), 0));

    private final SingleNodeRemoteTransactionCoordinator remote = new SingleNodeRemoteTransactionCoordinator();

    @Test
    void shouldAnswerEveryQuestionAsAnUnreachableCoordinator() {
        assertThat(remote.addPartitions(OTHER, PAYMENTS, PRODUCER, ORDERS_0)).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(remote.partitionsNotInTransaction(OTHER, PAYMENTS, PRODUCER, ORDERS_0))
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(CoordinatorNotAvailableException.class);
    }
}
