package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidTransactionTimeoutException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.TransactionalIdNotFoundException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.Failures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

class TransactionCoordinatorTest {

    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final GroupId BILLING = GroupId.of("billing");
    private static final int TIMEOUT_MS = 30_000;
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);

    private TransactionsOnFakes broker;
    private Topic orders;

    @BeforeEach
    void createBroker() {
        broker = new TransactionsOnFakes();
        orders = broker.createTopic("orders", 2);
    }

    private ProducerIdAndEpoch init() {
        return resultOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.empty()));
    }

    private void addOrders(ProducerIdAndEpoch producer) {
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0, ORDERS_1)));
    }

    private TransactionMetadata storedMetadata() {
        return broker.store.transactions().stream().filter(metadata -> metadata.transactionalId().equals(PAYMENTS))
                .findFirst().orElseThrow();
    }

    private TransactionState storedState() {
        return broker.store.transactions().stream().filter(metadata -> metadata.transactionalId().equals(PAYMENTS))
                .findFirst().orElseThrow().state();
    }

    @Test
    void shouldGiveANewTransactionalIdANewProducerIdAtEpochZero() {
        ProducerIdAndEpoch producer = init();

        assertThat(producer.epoch()).isZero();
        assertThat(broker.store.transactions()).singleElement()
                .satisfies(metadata -> assertThat(metadata.producerId()).isEqualTo(producer.producerId()));
    }

    @Test
    void shouldFenceTheOlderInstanceWhenANewOneInitialises() {
        ProducerIdAndEpoch zombie = init();

        ProducerIdAndEpoch current = init();

        assertThat(current).isEqualTo(new ProducerIdAndEpoch(zombie.producerId(), (short) 1));
        assertThat(failureOf(broker.coordinator.addPartitions(PAYMENTS, zombie, Set.of(ORDERS_0))))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldRefuseATimeoutAboveTheMaximum() {
        assertThat(failureOf(broker.coordinator.initProducerId(PAYMENTS, 60_001, Optional.empty())))
                .isInstanceOf(InvalidTransactionTimeoutException.class);
        assertThat(broker.store.transactions()).isEmpty();
    }

    @Test
    void shouldRefuseRequestsOfAnIdWithoutProducer() {
        assertThat(failureOf(broker.coordinator.addPartitions(PAYMENTS, new ProducerIdAndEpoch(1, (short) 0),
                Set.of(ORDERS_0)))).isInstanceOf(InvalidProducerIdMappingException.class);
    }

    @Test
    void shouldRefuseAPartitionThatDoesNotExistAndAddNone() {
        ProducerIdAndEpoch producer = init();

        assertThat(failureOf(broker.coordinator.addPartitions(PAYMENTS, producer,
                Set.of(ORDERS_0, new TopicPartition(TopicName.of("orders"), 5)))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(storedState()).isEqualTo(TransactionState.EMPTY);
    }

    @Test
    void shouldWriteACommitMarkerToEveryPartitionAndCompleteTheTransaction() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);

        ProducerIdAndEpoch after = resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        assertThat(after).isEqualTo(producer);
        assertThat(broker.log.markers()).extracting(WriteTxnMarker::partition)
                .containsExactlyInAnyOrder(orders.partition(0), orders.partition(1));
        assertThat(broker.log.markers()).allSatisfy(marker -> {
            assertThat(marker.commit()).isTrue();
            assertThat(marker.producerId()).isEqualTo(producer.producerId());
            assertThat(marker.producerEpoch()).isEqualTo(producer.epoch());
            assertThat(marker.transactionVersion()).isEqualTo(TransactionVersion.TV_0);
        });
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldWriteAbortMarkersWhenTheProducerAborts() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);

        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, false, TransactionVersion.TV_0));

        assertThat(broker.log.markers()).hasSize(2).noneMatch(WriteTxnMarker::commit);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void shouldAnswerConcurrentTransactionsUntilTheMarkersAreWritten() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        broker.log.failMarkers(true);

        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(failureOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0))))
                .isInstanceOf(ConcurrentTransactionsException.class);

        broker.log.failMarkers(false);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);

        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(broker.log.markers()).hasSize(2);
    }

    @Test
    void shouldAbortTheOngoingTransactionOfAnInstanceThatIsReplaced() {
        ProducerIdAndEpoch zombie = init();
        addOrders(zombie);
        broker.log.failMarkers(true);

        assertThat(failureOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.empty())))
                .isInstanceOf(ConcurrentTransactionsException.class);
        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_ABORT);

        broker.log.failMarkers(false);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);
        ProducerIdAndEpoch replacement = init();

        // at transaction version 2 the abort bumps the epoch after the fence's bump, as Kafka's does
        assertThat(broker.log.markers()).hasSize(2).noneMatch(WriteTxnMarker::commit)
                .allMatch(marker -> marker.producerEpoch() == 2);
        assertThat(replacement.epoch()).isEqualTo((short) 3);
        assertThat(failureOf(broker.coordinator.endTransaction(PAYMENTS, zombie, true, TransactionVersion.TV_0)))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldAbortWithOneBumpRecordedAsVersionZeroOnACoordinatorBelowVersionTwo() {
        broker = new TransactionsOnFakes(TransactionsOnFakes.SETTINGS.withTransactionVersion(TransactionVersion.TV_1));
        broker.createTopic("orders", 2);
        ProducerIdAndEpoch zombie = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, zombie, Set.of(ORDERS_0, ORDERS_1),
                TransactionVersion.TV_0));
        broker.expiration.start();

        broker.scheduler.advance(Duration.ofMillis(TIMEOUT_MS).plus(TransactionsOnFakes.SETTINGS.abortTimedOutInterval()));

        assertThat(broker.log.markers()).hasSize(2).allMatch(marker -> marker.producerEpoch() == 1);
        assertThat(storedMetadata().clientTransactionVersion()).isEqualTo(TransactionVersion.TV_0);
        assertThat(storedMetadata().lastProducerEpoch()).isEqualTo(TransactionMetadata.NO_EPOCH);
    }

    @Test
    void shouldAbortATimedOutTransactionOfAVersionTwoCoordinatorWithTwoBumpsRecordedAsVersionTwo() {
        ProducerIdAndEpoch zombie = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, zombie, Set.of(ORDERS_0, ORDERS_1),
                TransactionVersion.TV_0));
        broker.expiration.start();

        broker.scheduler.advance(Duration.ofMillis(TIMEOUT_MS).plus(TransactionsOnFakes.SETTINGS.abortTimedOutInterval()));

        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(broker.log.markers()).hasSize(2).allMatch(marker -> marker.producerEpoch() == 2);
        assertThat(storedMetadata().clientTransactionVersion()).isEqualTo(TransactionVersion.TV_2);
        assertThat(failureOf(broker.coordinator.endTransaction(PAYMENTS, zombie, false, TransactionVersion.TV_2)))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldTellAProducerItsTimeoutFencedToRetryItsInitProducerIdUntilTheMarkersAreWrittenThenFenceIt() {
        // given a transaction aborted for its timeout, whose markers fail until the coordinator's retry
        ProducerIdAndEpoch zombie = init();
        addOrders(zombie);
        broker.log.failMarkers(true);
        broker.expiration.start();
        broker.scheduler.advance(Duration.ofMillis(TIMEOUT_MS).plus(TransactionsOnFakes.SETTINGS.abortTimedOutInterval()));
        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_ABORT);

        // when the fenced producer asks for the next epoch of its own ID (KIP-360), and its other requests
        Throwable meanwhile = failureOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.of(zombie)));
        Throwable endMeanwhile = failureOf(broker.coordinator.endTransaction(PAYMENTS, zombie, false,
                TransactionVersion.TV_0));
        broker.log.failMarkers(false);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);
        Throwable afterwards = failureOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.of(zombie)));
        Throwable endAfterwards = failureOf(broker.coordinator.endTransaction(PAYMENTS, zombie, false,
                TransactionVersion.TV_0));

        // then it retries its InitProducerId and its EndTxn until the markers are written and is fenced then, as in
        // Kafka, which checks their epochs only once the transition to complete is done
        assertThat(meanwhile).isInstanceOf(ConcurrentTransactionsException.class);
        assertThat(endMeanwhile).isInstanceOf(ConcurrentTransactionsException.class);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(afterwards).isInstanceOf(ProducerFencedException.class);
        assertThat(endAfterwards).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldAbortATransactionOpenPastItsTimeoutAndFenceItsProducer() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        broker.expiration.start();

        broker.scheduler.advance(Duration.ofMillis(TIMEOUT_MS).plus(TransactionsOnFakes.SETTINGS.abortTimedOutInterval()));

        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(broker.log.markers()).hasSize(2).noneMatch(WriteTxnMarker::commit);
        assertThat(failureOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0)))
                .isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldForgetATransactionalIdUnusedPastItsExpiration() {
        init();
        broker.expiration.start();

        broker.scheduler.advance(TransactionsOnFakes.SETTINGS.transactionalIdExpiration().plusSeconds(10));

        assertThat(broker.store.transactions()).isEmpty();
        assertThat(failureOf(broker.coordinator.describe(PAYMENTS))).isInstanceOf(TransactionalIdNotFoundException.class);
    }

    @Test
    void shouldKeepOffsetsCommittedInATransactionPendingUntilItCommits() {
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addOffsets(PAYMENTS, producer, BILLING));

        resultOf(broker.offsets.commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer,
                Map.of(ORDERS_0, new PartitionOffset(42, OptionalInt.empty(), "")))));

        assertThat(broker.committedOffsets.offsets(BILLING)).isEmpty();
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).containsExactly(ORDERS_0);

        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        assertThat(broker.committedOffsets.offsets(BILLING)).containsOnlyKeys(ORDERS_0);
        assertThat(broker.committedOffsets.offsets(BILLING).get(ORDERS_0).offset()).isEqualTo(42);
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).isEmpty();
    }

    @Test
    void shouldLeaveNoPendingOffsetWhenTheBrokerStopsBetweenTheTwoWritesOfTheirCompletion() {
        // given offsets committed in a transaction, whose completion fails after the group's offsets were written
        // and before the pending ones were removed (what a broker stopping between the two writes leaves)
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addOffsets(PAYMENTS, producer, BILLING));
        resultOf(broker.offsets.commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer,
                Map.of(ORDERS_0, new PartitionOffset(42, OptionalInt.empty(), "")))));
        broker.store.failNextRemovalOfPendingOffsets();

        // when the producer commits
        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        // then the transaction stays decided, its offset pending and unstable, until the completion is written again
        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(broker.committedOffsets.offsets(BILLING)).containsOnlyKeys(ORDERS_0);
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).containsExactly(ORDERS_0);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(broker.committedOffsets.offsets(BILLING).get(ORDERS_0).offset()).isEqualTo(42);
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).isEmpty();
    }

    @Test
    void shouldDropOffsetsCommittedInATransactionThatAborts() {
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addOffsets(PAYMENTS, producer, BILLING));
        resultOf(broker.offsets.commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer,
                Map.of(ORDERS_0, new PartitionOffset(42, OptionalInt.empty(), "")))));

        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, false, TransactionVersion.TV_0));

        assertThat(broker.committedOffsets.offsets(BILLING)).isEmpty();
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).isEmpty();
    }

    @Test
    void shouldRefuseOffsetsOfAFencedProducer() {
        ProducerIdAndEpoch zombie = init();
        resultOf(broker.coordinator.addOffsets(PAYMENTS, zombie, BILLING));
        resultOf(broker.coordinator.endTransaction(PAYMENTS, zombie, true, TransactionVersion.TV_0));
        init();

        assertThat(failureOf(broker.offsets.commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, zombie,
                Map.of(ORDERS_0, new PartitionOffset(42, OptionalInt.empty(), "")))))).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldAnswerNotCoordinatorOnABrokerThatDoesNotCoordinate() {
        broker.coordinating = false;

        assertThat(failureOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.empty())))
                .isInstanceOf(NotCoordinatorException.class);
        assertThat(resultOf(broker.coordinator.list(Set.of(), Set.of(), -1))).isEmpty();
    }

    @Test
    void shouldCompleteADecidedTransactionWhenANewCoordinatorTakesOver() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        broker.log.failMarkers(true);
        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));
        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_COMMIT);

        TransactionsOnFakes successor = new TransactionsOnFakes(broker.store);
        successor.catalog.create(orders);
        resultOf(successor.expiration.runOnce());

        assertThat(successor.log.markers()).hasSize(2).allMatch(WriteTxnMarker::commit);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldWriteTheMarkersInTheCoordinatorEpochItWasLoadedIn() {
        broker.coordinatorEpoch = 7;
        ProducerIdAndEpoch producer = init();
        addOrders(producer);

        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        assertThat(broker.log.markers()).hasSize(2).allMatch(marker -> marker.coordinatorEpoch() == 7);
    }

    @Test
    void shouldLoadTheTransactionsAgainWhenItBecomesCoordinatorAgainInALaterEpoch() {
        // given a transaction this broker decided, whose markers fail, and which a successor completed meanwhile
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        broker.log.failMarkers(true);
        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));
        TransactionsOnFakes successor = new TransactionsOnFakes(broker.store);
        successor.catalog.create(orders);
        successor.coordinatorEpoch = 2;
        resultOf(successor.expiration.runOnce());
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);

        // when the first broker coordinates again, in a later epoch, without having been asked in between
        broker.coordinatorEpoch = 3;
        broker.log.failMarkers(false);

        // then it knows the transaction as its successor left it, and goes on from there
        TransactionMetadata described = resultOf(broker.coordinator.describe(PAYMENTS));
        assertThat(described.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        addOrders(producer);
        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, false, TransactionVersion.TV_0));
        assertThat(broker.log.markers()).hasSize(2).allMatch(marker -> marker.coordinatorEpoch() == 3)
                .noneMatch(WriteTxnMarker::commit);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void shouldStopRetryingTheMarkersOfAnEpochItLost() {
        // given a decided transaction whose markers fail
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        broker.log.failMarkers(true);
        resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0));

        // when the coordinator moves on to a later epoch before the next attempt, and the markers could be written
        broker.coordinatorEpoch = 2;
        broker.log.failMarkers(false);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);

        // then no marker of the lost epoch is written; the next request loads the transaction and writes them anew
        assertThat(broker.log.markers()).isEmpty();
        resultOf(broker.coordinator.describe(PAYMENTS));
        assertThat(broker.log.markers()).hasSize(2).allMatch(marker -> marker.coordinatorEpoch() == 2);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldChangeNothingWhenItsDecisionReachesTheMetadataLogInASuccessorsEpoch() {
        // given a transaction under way
        ProducerIdAndEpoch producer = init();
        addOrders(producer);

        // when a successor leads the metadata log before this coordinator has noticed it was deposed
        broker.metadataTerm = 2;

        // then its commit is refused, and neither stored nor written to the partitions
        assertThat(failureOf(broker.coordinator.endTransaction(PAYMENTS, producer, true, TransactionVersion.TV_0)))
                .isInstanceOf(NotCoordinatorException.class);
        assertThat(storedState()).isEqualTo(TransactionState.ONGOING);
        assertThat(broker.log.markers()).isEmpty();
    }

    @Test
    void shouldListTransactionsByStateAndProducerId() {
        ProducerIdAndEpoch payments = init();
        addOrders(payments);
        ProducerIdAndEpoch refunds = resultOf(broker.coordinator.initProducerId(TransactionalId.of("refunds"), TIMEOUT_MS,
                Optional.empty()));

        assertThat(resultOf(broker.coordinator.list(Set.of(TransactionState.ONGOING), Set.of(), -1)))
                .extracting(TransactionMetadata::transactionalId).containsExactly(PAYMENTS);
        assertThat(resultOf(broker.coordinator.list(Set.of(), Set.of(refunds.producerId()), -1)))
                .extracting(TransactionMetadata::transactionalId).containsExactly(TransactionalId.of("refunds"));
        assertThat(resultOf(broker.coordinator.describe(PAYMENTS)).partitions()).containsExactlyInAnyOrder(ORDERS_0, ORDERS_1);
    }

    @Test
    void shouldWriteTheMarkersOfAVersionTwoTransactionWithTheBumpedEpoch() {
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0, ORDERS_1),
                TransactionVersion.TV_2));

        ProducerIdAndEpoch bumped = resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true,
                TransactionVersion.TV_2));

        assertThat(bumped.epoch()).isEqualTo((short) (producer.epoch() + 1));
        assertThat(broker.log.markers()).hasSize(2).allSatisfy(marker -> {
            assertThat(marker.producerEpoch()).isEqualTo(bumped.epoch());
            // so that the partitions refuse a late marker at the epoch of the producer's next transaction
            assertThat(marker.transactionVersion()).isEqualTo(TransactionVersion.TV_2);
        });
        assertThat(resultOf(broker.coordinator.describe(PAYMENTS)).clientTransactionVersion())
                .isEqualTo(TransactionVersion.TV_2);
    }

    @Test
    void shouldTellAVersionTwoProducerToRetryTheAbortOfItsNextTransactionUntilTheCommitsMarkersAreWritten() {
        // given a committed transaction whose markers fail until the coordinator's retry a second later
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0), TransactionVersion.TV_2));
        broker.log.failMarkers(true);
        ProducerIdAndEpoch bumped = resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true,
                TransactionVersion.TV_2));

        // when the producer aborts its next transaction, in which it wrote nothing yet, at once
        Throwable meanwhile = failureOf(broker.coordinator.endTransaction(PAYMENTS, bumped, false,
                TransactionVersion.TV_2));

        // then it is told to retry, and its retry aborts once the markers of the commit are written
        assertThat(meanwhile).isInstanceOf(ConcurrentTransactionsException.class);
        broker.log.failMarkers(false);
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF);
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        ProducerIdAndEpoch afterAbort = resultOf(broker.coordinator.endTransaction(PAYMENTS, bumped, false,
                TransactionVersion.TV_2));
        assertThat(afterAbort.epoch()).isEqualTo((short) (bumped.epoch() + 1));
        assertThat(storedState()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void shouldTellABrokerWhichPartitionsAreNotInTheTransaction() {
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0)));

        assertThat(resultOf(broker.coordinator.partitionsNotInTransaction(PAYMENTS, producer,
                Set.of(ORDERS_0, ORDERS_1)))).containsExactly(ORDERS_1);
        assertThat(failureOf(broker.coordinator.partitionsNotInTransaction(TransactionalId.of("unknown"), producer,
                Set.of(ORDERS_0)))).isInstanceOf(InvalidProducerIdMappingException.class);
    }

    @Test
    void shouldAddThePartitionOfAVersionTwoProducerOnceThePreviousTransactionsMarkersAreWritten() {
        // given a committed transaction whose markers fail until the coordinator's retry a second later
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0), TransactionVersion.TV_2));
        broker.log.failMarkers(true);
        ProducerIdAndEpoch bumped = resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true,
                TransactionVersion.TV_2));
        broker.scheduler.advance(TransactionCoordinator.MARKER_RETRY_BACKOFF.minusMillis(50));
        broker.log.failMarkers(false);

        // when the producer's next batch asks its partition's leader to add the partition meanwhile
        CompletableFuture<Void> added = broker.additions.beforeAppend(PAYMENTS, bumped, ORDERS_1,
                TransactionSupportedOperation.ADD_PARTITION);
        broker.scheduler.advance(AddPartitionsToTxnManager.RETRY_BACKOFF.multipliedBy(2));

        // then the leader tries again until the markers are written, and the partition joins the next transaction
        assertThat(added).isNotDone();
        broker.scheduler.advance(AddPartitionsToTxnManager.RETRY_BACKOFF.multipliedBy(2));
        assertThat(added).isCompleted();
        assertThat(resultOf(broker.coordinator.describe(PAYMENTS)).partitions()).containsExactly(ORDERS_1);
    }

    @Test
    void shouldTellTheProducerToRetryWhenThePreviousMarkersOutlastTheLeadersRetries() {
        ProducerIdAndEpoch producer = init();
        resultOf(broker.coordinator.addPartitions(PAYMENTS, producer, Set.of(ORDERS_0), TransactionVersion.TV_2));
        broker.log.failMarkers(true);
        ProducerIdAndEpoch bumped = resultOf(broker.coordinator.endTransaction(PAYMENTS, producer, true,
                TransactionVersion.TV_2));

        CompletableFuture<Void> added = broker.additions.beforeAppend(PAYMENTS, bumped, ORDERS_1,
                TransactionSupportedOperation.ADD_PARTITION);
        broker.scheduler.advance(AddPartitionsToTxnManager.RETRY_BACKOFF_MAX);

        assertThat(failureOf(added)).isInstanceOf(NotEnoughReplicasException.class);
        assertThat(storedState()).isEqualTo(TransactionState.PREPARE_COMMIT);
    }

    @Test
    void shouldAnswerAVerificationOfAFencedProducerWithInvalidProducerEpoch() {
        ProducerIdAndEpoch producer = init();
        addOrders(producer);
        failureOf(broker.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS, Optional.empty()));

        assertThat(failureOf(broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_0,
                TransactionSupportedOperation.DEFAULT_ERROR))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldAddAndVerifyAPartitionAtTheBrokerCoordinatingTransactionsWhereThisOneDoesNot() {
        // given a partition leader that does not coordinate transactions (a cluster's other node), and broker 1 that does
        TransactionsOnFakes coordinatorNode = new TransactionsOnFakes();
        coordinatorNode.createTopic("orders", 2);
        ProducerIdAndEpoch producer = resultOf(coordinatorNode.coordinator.initProducerId(PAYMENTS, TIMEOUT_MS,
                Optional.empty()));
        List<Integer> asked = new ArrayList<>();
        broker.remote = TransactionsOnFakes.answeredBy(coordinatorNode.coordinator, asked);
        broker.coordinating = false;

        // when
        CompletableFuture<Void> added = broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_0,
                TransactionSupportedOperation.ADD_PARTITION);
        CompletableFuture<Void> verified = broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_0,
                TransactionSupportedOperation.DEFAULT_ERROR);
        CompletableFuture<Void> neverAdded = broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_1,
                TransactionSupportedOperation.DEFAULT_ERROR);

        // then
        assertThat(added).isCompletedWithValue(null);
        assertThat(verified).isCompletedWithValue(null);
        assertThat(failureOf(neverAdded)).isInstanceOf(InvalidTxnStateException.class);
        assertThat(resultOf(coordinatorNode.coordinator.partitionsNotInTransaction(PAYMENTS, producer,
                Set.of(ORDERS_0, ORDERS_1)))).containsExactly(ORDERS_1);
        assertThat(asked).containsOnly(1);
    }

    @Test
    void shouldRefuseABatchWithARetriableErrorWhileNoBrokerCoordinatingTransactionsAnswers() {
        // given a partition leader that does not coordinate transactions, and a coordinator it cannot reach
        ProducerIdAndEpoch producer = init();
        broker.coordinating = false;

        // when
        CompletableFuture<Void> verified = broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_0,
                TransactionSupportedOperation.DEFAULT_ERROR);
        CompletableFuture<Void> added = broker.additions.beforeAppend(PAYMENTS, producer, ORDERS_0,
                TransactionSupportedOperation.ADD_PARTITION);

        // then
        assertThat(failureOf(verified)).isInstanceOf(NotEnoughReplicasException.class);
        assertThat(failureOf(added)).isInstanceOf(NotEnoughReplicasException.class);
    }
}
