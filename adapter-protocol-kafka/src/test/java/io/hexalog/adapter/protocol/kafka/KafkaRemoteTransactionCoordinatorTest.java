package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker asking the transaction coordinator on another broker over a real socket: the coordinator's listener
 * answers the brokers' AddPartitionsToTxn with its own handler, and the answers come back as the coordinator's
 * outcomes and errors.
 */
class KafkaRemoteTransactionCoordinatorTest {

    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EmbeddedBroker coordinatorBroker = new EmbeddedBroker();
    private final KafkaServer listener = new KafkaServer(
            new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
            coordinatorBroker.handlers(), ProtocolTrace.off(), coordinatorBroker.fetchMemory(),
            new RecordingFatalErrorHandler());
    private final KafkaRemoteTransactionCoordinator remote =
            KafkaProtocolAdapter.remoteTransactionCoordinator("broker-2", Duration.ofSeconds(2));
    private BrokerNode coordinator;
    private ProducerIdentity producer;

    @BeforeEach
    void startCoordinator() throws Exception {
        listener.start();
        coordinator = new BrokerNode(1, "127.0.0.1", listener.boundAddress().getPort());
        coordinatorBroker.createTopic("orders", 2);
        TransactionSamples.initialised(coordinatorBroker, PAYMENTS.value());
        // initialised again, so that an older epoch exists to be fenced
        ProducerIdAndEpoch initialised = TransactionSamples.initialised(coordinatorBroker, PAYMENTS.value());
        producer = new ProducerIdentity(initialised.producerId(), initialised.epoch());
    }

    @AfterEach
    void stop() {
        remote.close();
        listener.close();
    }

    @Test
    void shouldAddAPartitionThatAVerificationThenFindsInTheTransaction() throws Exception {
        // when
        get(remote.addPartitions(coordinator, PAYMENTS, producer, Set.of(ORDERS_0)));

        // then
        assertThat(get(remote.partitionsNotInTransaction(coordinator, PAYMENTS, producer, Set.of(ORDERS_0, ORDERS_1))))
                .containsExactly(ORDERS_1);
        assertThat(get(coordinatorBroker.core().transactions().partitionsNotInTransaction(PAYMENTS,
                new ProducerIdAndEpoch(producer.producerId(), producer.epoch()), Set.of(ORDERS_0)))).isEmpty();
    }

    @Test
    void shouldAddThePartitionsOfManyProducersAskingAtOnce() throws Exception {
        // given producers of many transactional IDs, each adding its first partitions at the same time
        Map<TransactionalId, ProducerIdentity> producers = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            TransactionalId id = TransactionalId.of("writer-" + i);
            ProducerIdAndEpoch initialised = TransactionSamples.initialised(coordinatorBroker, id.value());
            producers.put(id, new ProducerIdentity(initialised.producerId(), initialised.epoch()));
        }

        // when, each partition of a producer asked for on its own, as two leaders would
        List<CompletableFuture<Void>> added = new ArrayList<>();
        producers.forEach((id, identity) -> {
            added.add(remote.addPartitions(coordinator, id, identity, Set.of(ORDERS_0)));
            added.add(remote.addPartitions(coordinator, id, identity, Set.of(ORDERS_1)));
        });

        // then every one is answered, and each transaction holds both partitions
        for (CompletableFuture<Void> each : added) {
            get(each);
        }
        for (Map.Entry<TransactionalId, ProducerIdentity> producer : producers.entrySet()) {
            assertThat(get(remote.partitionsNotInTransaction(coordinator, producer.getKey(), producer.getValue(),
                    Set.of(ORDERS_0, ORDERS_1)))).isEmpty();
        }
    }

    @Test
    void shouldReturnTheCoordinatorsErrorsAsItsOwn() {
        ProducerIdentity olderEpoch = new ProducerIdentity(producer.producerId(), (short) (producer.epoch() - 1));
        ProducerIdentity newerEpoch = new ProducerIdentity(producer.producerId(), (short) (producer.epoch() + 1));

        assertThat(failureOf(remote.addPartitions(coordinator, PAYMENTS, olderEpoch, Set.of(ORDERS_0))))
                .isInstanceOf(ProducerFencedException.class).hasMessageContaining("node 1");
        assertThat(failureOf(remote.addPartitions(coordinator, PAYMENTS, newerEpoch, Set.of(ORDERS_0))))
                .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class);
        assertThat(failureOf(remote.addPartitions(coordinator, PAYMENTS, producer,
                Set.of(new TopicPartition(TopicName.of("missing"), 0)))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldFailAsUnavailableWhenTheCoordinatorCannotBeReachedAndAgainAfterItCameBack() throws Exception {
        // given a port nothing listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        // when
        Throwable unreachable = failureOf(remote.addPartitions(new BrokerNode(1, "127.0.0.1", closedPort), PAYMENTS,
                producer, Set.of(ORDERS_0)));

        // then, and the coordinator at its real address is asked afresh
        assertThat(unreachable).isInstanceOf(CoordinatorNotAvailableException.class).hasMessageContaining("node 1");
        get(remote.addPartitions(coordinator, PAYMENTS, producer, Set.of(ORDERS_0)));
    }

    @Test
    void shouldConnectAgainAfterTheCoordinatorsListenerRestarted() throws Exception {
        // given
        get(remote.addPartitions(coordinator, PAYMENTS, producer, Set.of(ORDERS_0)));
        int port = coordinator.port();
        listener.close();
        KafkaServer restarted = new KafkaServer(
                new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", port, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
                coordinatorBroker.handlers(), ProtocolTrace.off(), coordinatorBroker.fetchMemory(),
                new RecordingFatalErrorHandler());
        try {
            restarted.start();

            // when, the first request may still meet the connection that closed
            CompletableFuture<Void> first = remote.addPartitions(coordinator, PAYMENTS, producer, Set.of(ORDERS_1));
            if (first.handle((done, failure) -> failure).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) != null) {
                first = remote.addPartitions(coordinator, PAYMENTS, producer, Set.of(ORDERS_1));
            }

            // then
            get(first);
            assertThat(get(remote.partitionsNotInTransaction(coordinator, PAYMENTS, producer,
                    Set.of(ORDERS_0, ORDERS_1)))).isEmpty();
        } finally {
            restarted.close();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        Throwable failure = future.handle((done, thrown) -> thrown).join();
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
