package io.hexalog.domain.transaction;

import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidTransactionTimeoutException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import static io.hexalog.domain.transaction.TransactionState.COMPLETE_ABORT;
import static io.hexalog.domain.transaction.TransactionState.COMPLETE_COMMIT;
import static io.hexalog.domain.transaction.TransactionState.EMPTY;
import static io.hexalog.domain.transaction.TransactionState.ONGOING;
import static io.hexalog.domain.transaction.TransactionState.PREPARE_ABORT;
import static io.hexalog.domain.transaction.TransactionState.PREPARE_COMMIT;
import static io.hexalog.domain.transaction.TransactionVersion.TV_0;
import static io.hexalog.domain.transaction.TransactionVersion.TV_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionMetadataTest {

    private static final TransactionalId ID = TransactionalId.of("payments");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);
    private static final GroupId GROUP = GroupId.of("billing");
    private static final int TIMEOUT = 60_000;
    private static final LongSupplier NO_NEW_ID = () -> {
        throw new AssertionError("no new producer id expected");
    };

    /** A transactional ID initialised once: producer 7 at epoch 0, at time 1000. */
    private static TransactionMetadata initialised() {
        return TransactionMetadata.create(ID, 7, TIMEOUT, 1000)
                .initProducerId(Optional.empty(), TIMEOUT, 1000, NO_NEW_ID).next();
    }

    private static TransactionMetadata ongoing() {
        return initialised().addPartitions(new ProducerIdentity(7, (short) 0), Set.of(ORDERS_0), 2000);
    }

    private static TransactionMetadata atEpoch(short epoch) {
        return new TransactionMetadata(ID, 7, -1, -1, epoch, (short) -1, TIMEOUT, EMPTY, Set.of(), Set.of(), -1, 1000);
    }

    @Nested
    class InitProducerId {

        @Test
        void shouldGrantEpochZeroToANewTransactionalId() {
            InitProducerIdResult result = TransactionMetadata.create(ID, 7, TIMEOUT, 1000)
                    .initProducerId(Optional.empty(), TIMEOUT, 1000, NO_NEW_ID);

            assertThat(result.granted()).contains(new ProducerIdentity(7, (short) 0));
            assertThat(result.next().state()).isEqualTo(EMPTY);
        }

        @Test
        void shouldBumpTheEpochForANewInstanceOfTheProducer() {
            InitProducerIdResult result = initialised().initProducerId(Optional.empty(), 5000, 3000, NO_NEW_ID);

            assertThat(result.granted()).contains(new ProducerIdentity(7, (short) 1));
            assertThat(result.next().timeoutMs()).isEqualTo(5000);
            assertThat(result.next().lastUpdateTimestamp()).isEqualTo(3000);
        }

        @Test
        void shouldBumpTheEpochOfAProducerThatNamesItsCurrentEpoch() {
            InitProducerIdResult result = initialised()
                    .initProducerId(Optional.of(new ProducerIdentity(7, (short) 0)), TIMEOUT, 3000, NO_NEW_ID);

            assertThat(result.granted()).contains(new ProducerIdentity(7, (short) 1));
            assertThat(result.next().lastProducerEpoch()).isZero();
        }

        @Test
        void shouldAnswerARetriedBumpWithTheEpochAlreadyGranted() {
            TransactionMetadata bumped = initialised()
                    .initProducerId(Optional.of(new ProducerIdentity(7, (short) 0)), TIMEOUT, 3000, NO_NEW_ID).next();

            InitProducerIdResult retry = bumped
                    .initProducerId(Optional.of(new ProducerIdentity(7, (short) 0)), TIMEOUT, 4000, NO_NEW_ID);

            assertThat(retry.granted()).contains(new ProducerIdentity(7, (short) 1));
            assertThat(retry.next()).isEqualTo(bumped);
        }

        @Test
        void shouldFenceAProducerNamingAnOlderEpoch() {
            TransactionMetadata atTwo = atEpoch((short) 2);

            assertThatThrownBy(() -> atTwo.initProducerId(Optional.of(new ProducerIdentity(7, (short) 0)), TIMEOUT, 3000,
                    NO_NEW_ID)).isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldFenceAProducerNamingAnotherProducerId() {
            assertThatThrownBy(() -> initialised().initProducerId(Optional.of(new ProducerIdentity(99, (short) 0)),
                    TIMEOUT, 3000, NO_NEW_ID)).isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldGiveANewProducerIdOnceTheEpochIsExhausted() {
            TransactionMetadata exhausted = atEpoch((short) (Short.MAX_VALUE - 1));

            InitProducerIdResult result = exhausted.initProducerId(Optional.empty(), TIMEOUT, 3000, () -> 42);

            assertThat(result.granted()).contains(new ProducerIdentity(42, (short) 0));
            assertThat(result.next().lastProducerId()).isEqualTo(7);
        }

        @Test
        void shouldLetTheProducerOfAnExhaustedEpochRetryItsRotation() {
            short exhaustedEpoch = (short) (Short.MAX_VALUE - 1);
            ProducerIdentity old = new ProducerIdentity(7, exhaustedEpoch);
            TransactionMetadata rotated = atEpoch(exhaustedEpoch).initProducerId(Optional.of(old), TIMEOUT, 3000, () -> 42)
                    .next();

            InitProducerIdResult retry = rotated.initProducerId(Optional.of(old), TIMEOUT, 4000, NO_NEW_ID);

            assertThat(retry.granted()).contains(new ProducerIdentity(42, (short) 0));
        }

        @Test
        void shouldAbortAnOngoingTransactionWithABumpedEpochBeforeAnswering() {
            InitProducerIdResult result = ongoing().initProducerId(Optional.empty(), TIMEOUT, 3000, NO_NEW_ID);

            assertThat(result.abortsOngoingTransaction()).isTrue();
            assertThat(result.next().state()).isEqualTo(PREPARE_ABORT);
            assertThat(result.next().producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
            assertThat(result.next().partitions()).containsExactly(ORDERS_0);
        }

        @Test
        void shouldAnswerConcurrentTransactionsWhileMarkersAreWritten() {
            TransactionMetadata preparing = ongoing().endTransaction(new ProducerIdentity(7, (short) 0), true, TV_0, 3000,
                    NO_NEW_ID).next();

            assertThatThrownBy(() -> preparing.initProducerId(Optional.empty(), TIMEOUT, 4000, NO_NEW_ID))
                    .isInstanceOf(ConcurrentTransactionsException.class);
        }

        @Test
        void shouldGrantTheNextEpochOnceTheAbortCompleted() {
            TransactionMetadata aborted = ongoing().initProducerId(Optional.empty(), TIMEOUT, 3000, NO_NEW_ID).next()
                    .complete(3500);

            InitProducerIdResult result = aborted.initProducerId(Optional.empty(), TIMEOUT, 4000, NO_NEW_ID);

            assertThat(result.granted()).contains(new ProducerIdentity(7, (short) 2));
        }
    }

    @Nested
    class AddPartitionsAndOffsets {

        private final ProducerIdentity producer = new ProducerIdentity(7, (short) 0);

        @Test
        void shouldStartTheTransactionWithItsFirstPartition() {
            TransactionMetadata started = initialised().addPartitions(producer, Set.of(ORDERS_0), 2000);

            assertThat(started.state()).isEqualTo(ONGOING);
            assertThat(started.startTimestamp()).isEqualTo(2000);
            assertThat(started.partitions()).containsExactly(ORDERS_0);
        }

        @Test
        void shouldKeepTheStartTimeWhenMorePartitionsJoin() {
            TransactionMetadata more = ongoing().addPartitions(producer, Set.of(ORDERS_1), 5000);

            assertThat(more.startTimestamp()).isEqualTo(2000);
            assertThat(more.partitions()).containsExactlyInAnyOrder(ORDERS_0, ORDERS_1);
        }

        @Test
        void shouldChangeNothingWhenThePartitionsAreAlreadyIn() {
            TransactionMetadata ongoing = ongoing();

            assertThat(ongoing.addPartitions(producer, Set.of(ORDERS_0), 9000)).isSameAs(ongoing);
        }

        @Test
        void shouldAddAGroupWhoseOffsetsTheTransactionCommits() {
            TransactionMetadata withGroup = initialised().addGroup(producer, GROUP, 2000);

            assertThat(withGroup.state()).isEqualTo(ONGOING);
            assertThat(withGroup.groups()).containsExactly(GROUP);
            withGroup.checkMayCommitOffsets(producer, GROUP);
        }

        @Test
        void shouldRefuseOffsetsOfAGroupNotAddedToTheTransaction() {
            assertThatThrownBy(() -> ongoing().checkMayCommitOffsets(producer, GROUP))
                    .isInstanceOf(InvalidTxnStateException.class);
        }

        @Test
        void shouldFenceAnOlderEpoch() {
            TransactionMetadata bumped = initialised().initProducerId(Optional.empty(), TIMEOUT, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> bumped.addPartitions(producer, Set.of(ORDERS_0), 4000))
                    .isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> bumped.addGroup(producer, GROUP, 4000))
                    .isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldRefuseAnotherProducerId() {
            assertThatThrownBy(() -> ongoing().addPartitions(new ProducerIdentity(8, (short) 0), Set.of(ORDERS_1), 3000))
                    .isInstanceOf(InvalidProducerIdMappingException.class);
        }

        @Test
        void shouldAnswerConcurrentTransactionsWhileTheLastOneEnds() {
            TransactionMetadata preparing = ongoing().endTransaction(producer, false, TV_0, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> preparing.addPartitions(producer, Set.of(ORDERS_1), 4000))
                    .isInstanceOf(ConcurrentTransactionsException.class);
        }

        @Test
        void shouldStartANewTransactionAfterACompletedOne() {
            TransactionMetadata committed = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next()
                    .complete(3500);

            TransactionMetadata next = committed.addPartitions(producer, Set.of(ORDERS_1), 4000);

            assertThat(next.state()).isEqualTo(ONGOING);
            assertThat(next.partitions()).containsExactly(ORDERS_1);
            assertThat(next.startTimestamp()).isEqualTo(4000);
        }
    }

    @Nested
    class EndTxn {

        private final ProducerIdentity producer = new ProducerIdentity(7, (short) 0);

        @Test
        void shouldPrepareACommitAndCompleteItOnceTheMarkersAreWritten() {
            EndTxnResult result = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID);

            assertThat(result.decided()).isTrue();
            assertThat(result.next().state()).isEqualTo(PREPARE_COMMIT);
            assertThat(result.producer()).isEqualTo(producer);
            TransactionMetadata complete = result.next().complete(3500);
            assertThat(complete.state()).isEqualTo(COMPLETE_COMMIT);
            assertThat(complete.partitions()).isEmpty();
            assertThat(complete.producer()).isEqualTo(producer);
        }

        @Test
        void shouldPrepareAnAbort() {
            EndTxnResult result = ongoing().endTransaction(producer, false, TV_0, 3000, NO_NEW_ID);

            assertThat(result.next().state()).isEqualTo(PREPARE_ABORT);
            assertThat(result.next().complete(3500).state()).isEqualTo(COMPLETE_ABORT);
        }

        @Test
        void shouldAnswerARetriedCommitOfACompletedCommitWithoutChange() {
            TransactionMetadata committed = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next()
                    .complete(3500);

            EndTxnResult retry = committed.endTransaction(producer, true, TV_0, 4000, NO_NEW_ID);

            assertThat(retry.decided()).isFalse();
            assertThat(retry.next()).isSameAs(committed);
        }

        @Test
        void shouldAnswerConcurrentTransactionsToARetryWhileTheMarkersAreWritten() {
            TransactionMetadata preparing = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> preparing.endTransaction(producer, true, TV_0, 4000, NO_NEW_ID))
                    .isInstanceOf(ConcurrentTransactionsException.class);
        }

        @Test
        void shouldAnswerConcurrentTransactionsToAnAbortWhileACommitsMarkersAreWrittenAndRefuseItOnceCommitted() {
            TransactionMetadata preparing = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> preparing.endTransaction(producer, false, TV_0, 4000, NO_NEW_ID))
                    .isInstanceOf(ConcurrentTransactionsException.class);
            assertThatThrownBy(() -> preparing.complete(3500).endTransaction(producer, false, TV_0, 4000, NO_NEW_ID))
                    .isInstanceOf(InvalidTxnStateException.class);
        }

        @Test
        void shouldAnswerConcurrentTransactionsToTheNextAbortWhileACommitsMarkersAreWrittenInVersionTwo() {
            EndTxnResult commit = ongoing().endTransaction(producer, true, TV_2, 3000, NO_NEW_ID);
            ProducerIdentity bumped = commit.producer();

            assertThatThrownBy(() -> commit.next().endTransaction(bumped, false, TV_2, 3100, NO_NEW_ID))
                    .isInstanceOf(ConcurrentTransactionsException.class);
            EndTxnResult abort = commit.next().complete(3200).endTransaction(bumped, false, TV_2, 3300, NO_NEW_ID);
            assertThat(abort.next().state()).isEqualTo(PREPARE_ABORT);
            assertThat(abort.producer()).isEqualTo(new ProducerIdentity(7, (short) 2));
        }

        @Test
        void shouldAnswerConcurrentTransactionsToTheNextCommitWhileAnAbortsMarkersAreWrittenInVersionTwo() {
            EndTxnResult abort = ongoing().endTransaction(producer, false, TV_2, 3000, NO_NEW_ID);
            ProducerIdentity bumped = abort.producer();

            assertThatThrownBy(() -> abort.next().endTransaction(bumped, true, TV_2, 3100, NO_NEW_ID))
                    .isInstanceOf(ConcurrentTransactionsException.class);
        }

        @Test
        void shouldRefuseToEndATransactionThatNeverStarted() {
            assertThatThrownBy(() -> initialised().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID))
                    .isInstanceOf(InvalidTxnStateException.class);
        }

        @Test
        void shouldFenceAnOlderEpoch() {
            TransactionMetadata ongoing = ongoing();

            assertThatThrownBy(() -> ongoing.endTransaction(new ProducerIdentity(7, (short) -1), true, TV_0, 3000,
                    NO_NEW_ID)).isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldBumpTheEpochOnEveryEndInTransactionVersionTwo() {
            EndTxnResult result = ongoing().endTransaction(producer, true, TV_2, 3000, NO_NEW_ID);

            assertThat(result.producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
            assertThat(result.next().producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
            assertThat(result.next().complete(3500).producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
        }

        @Test
        void shouldAnswerARetryWithTheOldEpochInTransactionVersionTwo() {
            TransactionMetadata committed = ongoing().endTransaction(producer, true, TV_2, 3000, NO_NEW_ID).next()
                    .complete(3500);

            EndTxnResult retry = committed.endTransaction(producer, true, TV_2, 4000, NO_NEW_ID);

            assertThat(retry.decided()).isFalse();
            assertThat(retry.producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
        }

        @Test
        void shouldAllowAnAbortWithoutATransactionInTransactionVersionTwo() {
            EndTxnResult result = initialised().endTransaction(producer, false, TV_2, 3000, NO_NEW_ID);

            assertThat(result.next().state()).isEqualTo(PREPARE_ABORT);
            assertThat(result.producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
        }

        @Test
        void shouldMoveToANewProducerIdWhenTheBumpExhaustsTheEpochInTransactionVersionTwo() {
            short lastUsable = (short) (Short.MAX_VALUE - 2);
            TransactionMetadata nearTheEnd = atEpoch(lastUsable)
                    .addPartitions(new ProducerIdentity(7, lastUsable), Set.of(ORDERS_0), 2000);

            EndTxnResult result = nearTheEnd.endTransaction(new ProducerIdentity(7, lastUsable), true, TV_2, 3000, () -> 42);

            assertThat(result.producer()).isEqualTo(new ProducerIdentity(42, (short) 0));
            assertThat(result.next().producer().producerId()).isEqualTo(7);
            assertThat(result.next().complete(3500).producer()).isEqualTo(new ProducerIdentity(42, (short) 0));
        }
    }

    @Nested
    class TimeoutAndExpiry {

        @Test
        void shouldAbortATransactionOpenLongerThanItsTimeoutAndFenceItsProducer() {
            TransactionMetadata ongoing = ongoing();
            assertThat(ongoing.hasTimedOut(2000 + TIMEOUT)).isFalse();

            TransactionMetadata aborting = ongoing.abortTimedOut(2001 + TIMEOUT);

            assertThat(aborting.state()).isEqualTo(PREPARE_ABORT);
            assertThat(aborting.producerEpoch()).isEqualTo((short) 1);
            assertThatThrownBy(() -> aborting.complete(70_000)
                    .endTransaction(new ProducerIdentity(7, (short) 0), true, TV_0, 70_000, NO_NEW_ID))
                    .isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldNotAbortATransactionBeforeItsTimeout() {
            assertThatThrownBy(() -> ongoing().abortTimedOut(3000)).isInstanceOf(InvalidTxnStateException.class);
        }

        @Test
        void shouldExpireAnIdleTransactionalIdOnly() {
            assertThat(initialised().hasExpired(1000 + 500, 500)).isTrue();
            assertThat(initialised().hasExpired(1000 + 499, 500)).isFalse();
            assertThat(ongoing().hasExpired(1_000_000, 500)).isFalse();
        }
    }

    /**
     * The coordinator's own aborts (a timeout, a new instance) and the producer they fence, as Kafka's coordinator
     * decides them at the {@code transaction.version} it serves.
     */
    @Nested
    class FencedByTheCoordinator {

        private final ProducerIdentity zombie = new ProducerIdentity(7, (short) 0);

        @Test
        void shouldBumpOnceAndRecordVersionZeroBelowVersionTwo() {
            TransactionMetadata aborting = ongoing().abortTimedOut(2001 + TIMEOUT, TV_0);

            assertThat(aborting.producer()).isEqualTo(new ProducerIdentity(7, (short) 1));
            assertThat(aborting.lastProducerEpoch()).isEqualTo(TransactionMetadata.NO_EPOCH);
            assertThat(aborting.clientTransactionVersion()).isEqualTo(TV_0);
        }

        @Test
        void shouldBumpForTheFenceAndForTheAbortAndRecordVersionTwoAtVersionTwo() {
            TransactionMetadata versionOne = ongoing();
            TransactionMetadata versionTwo = initialised().addPartitions(zombie, Set.of(ORDERS_0), 2000, TV_2);

            for (TransactionMetadata ongoing : List.of(versionOne, versionTwo)) {
                TransactionMetadata timedOut = ongoing.abortTimedOut(2001 + TIMEOUT, TV_2);
                TransactionMetadata replaced = ongoing.initProducerId(Optional.empty(), TIMEOUT, 3000, NO_NEW_ID, TV_2)
                        .next();

                for (TransactionMetadata aborting : List.of(timedOut, replaced)) {
                    assertThat(aborting.state()).isEqualTo(PREPARE_ABORT);
                    assertThat(aborting.producer()).isEqualTo(new ProducerIdentity(7, (short) 2));
                    assertThat(aborting.lastProducerEpoch()).isEqualTo((short) 1);
                    assertThat(aborting.clientTransactionVersion()).isEqualTo(TV_2);
                }
            }
        }

        @Test
        void shouldGrantANewInstanceTheEpochAfterTheAbortsAtVersionTwo() {
            TransactionMetadata aborted = ongoing().initProducerId(Optional.empty(), TIMEOUT, 3000, NO_NEW_ID, TV_2)
                    .next().complete(3500);

            assertThat(aborted.initProducerId(Optional.empty(), TIMEOUT, 4000, NO_NEW_ID, TV_2).granted())
                    .contains(new ProducerIdentity(7, (short) 3));
        }

        @Test
        void shouldNotLetTheEpochPassItsMaximum() {
            TransactionMetadata nearTheEnd = new TransactionMetadata(ID, 7, -1, -1, (short) (Short.MAX_VALUE - 1),
                    (short) -1, TIMEOUT, ONGOING, Set.of(ORDERS_0), Set.of(), 2000, 2000, TV_2);

            TransactionMetadata aborting = nearTheEnd.abortTimedOut(2001 + TIMEOUT, TV_2);

            assertThat(aborting.producerEpoch()).isEqualTo(Short.MAX_VALUE);
            assertThat(aborting.complete(2002 + TIMEOUT).initProducerId(Optional.empty(), TIMEOUT, 2003 + TIMEOUT,
                    () -> 42, TV_2).granted()).contains(new ProducerIdentity(42, (short) 0));
        }

        @Test
        void shouldTellTheFencedProducerToRetryItsInitProducerIdWhileMarkersAreWrittenThenFenceIt() {
            for (TransactionVersion version : List.of(TV_0, TV_2)) {
                TransactionMetadata aborting = ongoing().abortTimedOut(2001 + TIMEOUT, version);

                assertThatThrownBy(() -> aborting.initProducerId(Optional.of(zombie), TIMEOUT, 2002 + TIMEOUT,
                        NO_NEW_ID, version)).isInstanceOf(ConcurrentTransactionsException.class);
                assertThatThrownBy(() -> aborting.complete(2003 + TIMEOUT).initProducerId(Optional.of(zombie), TIMEOUT,
                        2004 + TIMEOUT, NO_NEW_ID, version)).isInstanceOf(ProducerFencedException.class);
            }
        }

        @Test
        void shouldTellTheFencedProducerToRetryItsEndTxnWhileMarkersAreWrittenThenFenceIt() {
            // Kafka checks an EndTxn's epoch only once the pending transition to complete is done (KAFKA-18464)
            for (TransactionVersion version : List.of(TV_0, TV_2)) {
                TransactionMetadata aborting = initialised().addPartitions(zombie, Set.of(ORDERS_0), 2000, version)
                        .abortTimedOut(2001 + TIMEOUT, version);

                assertThatThrownBy(() -> aborting.endTransaction(zombie, false, version, 2002 + TIMEOUT, NO_NEW_ID))
                        .isInstanceOf(ConcurrentTransactionsException.class);
                assertThatThrownBy(() -> aborting.endTransaction(zombie, true, version, 2002 + TIMEOUT, NO_NEW_ID))
                        .isInstanceOf(ConcurrentTransactionsException.class);
                TransactionMetadata aborted = aborting.complete(2003 + TIMEOUT);
                assertThatThrownBy(() -> aborted.endTransaction(zombie, false, version, 2004 + TIMEOUT, NO_NEW_ID))
                        .isInstanceOf(ProducerFencedException.class);
                assertThatThrownBy(() -> aborted.endTransaction(zombie, true, version, 2004 + TIMEOUT, NO_NEW_ID))
                        .isInstanceOf(ProducerFencedException.class);
            }
        }

        @Test
        void shouldFenceEveryOtherRequestOfTheFencedProducerAtOnceWhileMarkersAreWritten() {
            for (TransactionVersion version : List.of(TV_0, TV_2)) {
                TransactionMetadata aborting = initialised().addPartitions(zombie, Set.of(ORDERS_0), 2000, version)
                        .abortTimedOut(2001 + TIMEOUT, version);

                assertThatThrownBy(() -> aborting.addPartitions(zombie, Set.of(ORDERS_1), 2002 + TIMEOUT, version))
                        .isInstanceOf(ProducerFencedException.class);
                assertThatThrownBy(() -> aborting.addGroup(zombie, GROUP, 2002 + TIMEOUT, version))
                        .isInstanceOf(ProducerFencedException.class);
                assertThatThrownBy(() -> aborting.partitionsNotInTransaction(zombie, Set.of(ORDERS_0)))
                        .isInstanceOf(ProducerFencedException.class);
            }
        }
    }

    /**
     * EndTxn while the markers of the last decision are written, as Kafka 4.x's {@code handleEndTransaction} answers
     * it: the producer ID first, then CONCURRENT_TRANSACTIONS whatever the epoch and the end asked, the epoch only
     * once the transaction is complete.
     */
    @Nested
    class EndTxnWhileMarkersAreWritten {

        private final ProducerIdentity producer = new ProducerIdentity(7, (short) 0);

        @Test
        void shouldAnswerConcurrentTransactionsToEveryEpochAndEveryEndInBothVersions() {
            for (TransactionVersion version : List.of(TV_0, TV_2)) {
                for (boolean decidedCommit : List.of(true, false)) {
                    EndTxnResult decided = ongoing().endTransaction(producer, decidedCommit, version, 3000, NO_NEW_ID);
                    TransactionMetadata preparing = decided.next();
                    List<ProducerIdentity> askers = List.of(producer, decided.producer(),
                            new ProducerIdentity(7, (short) -1), new ProducerIdentity(7, (short) 5));

                    for (ProducerIdentity asker : askers) {
                        for (boolean commit : List.of(true, false)) {
                            assertThatThrownBy(() -> preparing.endTransaction(asker, commit, version, 3100, NO_NEW_ID))
                                    .as("%s, decided commit %s, asked by %s to commit %s", version, decidedCommit,
                                            asker, commit)
                                    .isInstanceOf(ConcurrentTransactionsException.class);
                        }
                    }
                }
            }
        }

        @Test
        void shouldRefuseAnotherProducerIdBeforeAnythingElse() {
            TransactionMetadata preparing = ongoing().endTransaction(producer, true, TV_2, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> preparing.endTransaction(new ProducerIdentity(8, (short) 0), true, TV_2, 3100,
                    NO_NEW_ID)).isInstanceOf(InvalidProducerIdMappingException.class);
        }

        @Test
        void shouldCheckTheEpochOnceTheTransactionIsComplete() {
            TransactionMetadata committed = ongoing().endTransaction(producer, true, TV_2, 3000, NO_NEW_ID).next()
                    .complete(3500);

            assertThatThrownBy(() -> committed.endTransaction(new ProducerIdentity(7, (short) 5), false, TV_2, 3600,
                    NO_NEW_ID)).isInstanceOf(ProducerFencedException.class);
            assertThat(committed.endTransaction(producer, true, TV_2, 3600, NO_NEW_ID).decided())
                    .as("a retry of the commit, at the epoch from before its bump").isFalse();
        }
    }

    @Test
    void shouldRefuseATimeoutAboveTheMaximum() {
        TransactionTimeoutPolicy policy = new TransactionTimeoutPolicy(900_000);

        policy.check(900_000);
        assertThatThrownBy(() -> policy.check(900_001)).isInstanceOf(InvalidTransactionTimeoutException.class);
        assertThatThrownBy(() -> policy.check(0)).isInstanceOf(InvalidTransactionTimeoutException.class);
    }

    @Test
    void shouldOnlyEnterAStateFromItsValidPreviousStates() {
        TransactionMetadata initialised = initialised();
        TransactionMetadata ongoing = ongoing();
        TransactionMetadata preparing = ongoing.endTransaction(new ProducerIdentity(7, (short) 0), true, TV_0, 3000,
                NO_NEW_ID).next();

        assertThat(ONGOING.validPreviousStates()).contains(initialised.state(), ongoing.state());
        assertThat(PREPARE_COMMIT.validPreviousStates()).contains(ongoing.state());
        assertThat(COMPLETE_COMMIT.validPreviousStates()).contains(preparing.state());
        assertThat(TransactionState.fromKafkaName("PrepareCommit")).contains(PREPARE_COMMIT);
        assertThat(TransactionState.fromKafkaName("Nonsense")).isEmpty();
    }

    @Nested
    class TransactionVersionTwo {

        private final ProducerIdentity producer = new ProducerIdentity(7, (short) 0);

        @Test
        void shouldRecordTheClientsTransactionVersionWhenAPartitionIsAddedForIt() {
            TransactionMetadata added = initialised().addPartitions(producer, Set.of(ORDERS_0), 2000, TV_2);

            assertThat(added.state()).isEqualTo(ONGOING);
            assertThat(added.clientTransactionVersion()).isEqualTo(TV_2);
            assertThat(initialised().addGroup(producer, GROUP, 2000, TV_2).clientTransactionVersion()).isEqualTo(TV_2);
            assertThat(initialised().addPartitions(producer, Set.of(ORDERS_0), 2000).clientTransactionVersion())
                    .isEqualTo(TV_0);
        }

        @Test
        void shouldStartTheNextTransactionAtTheEpochTheLastEndTxnBumped() {
            TransactionMetadata committed = initialised().addPartitions(producer, Set.of(ORDERS_0), 2000, TV_2)
                    .endTransaction(producer, true, TV_2, 3000, NO_NEW_ID).next().complete(3500);
            ProducerIdentity bumped = new ProducerIdentity(7, (short) 1);

            TransactionMetadata next = committed.addPartitions(bumped, Set.of(ORDERS_1), 4000, TV_2);

            assertThat(next.state()).isEqualTo(ONGOING);
            assertThat(next.partitions()).containsExactly(ORDERS_1);
            assertThat(next.startTimestamp()).isEqualTo(4000);
            assertThatThrownBy(() -> committed.addPartitions(producer, Set.of(ORDERS_1), 4000, TV_2))
                    .isInstanceOf(ProducerFencedException.class);
        }

        @Test
        void shouldTellWhichPartitionsAreNotInTheTransactionWithoutChangingIt() {
            TransactionMetadata ongoing = ongoing();

            assertThat(ongoing.partitionsNotInTransaction(producer, Set.of(ORDERS_0, ORDERS_1)))
                    .containsExactly(ORDERS_1);
            assertThat(ongoing.partitionsNotInTransaction(producer, Set.of(ORDERS_0))).isEmpty();
            assertThat(initialised().partitionsNotInTransaction(producer, Set.of(ORDERS_0))).containsExactly(ORDERS_0);
        }

        @Test
        void shouldRefuseToVerifyForAnotherProducerAnOlderEpochOrWhileMarkersAreWritten() {
            TransactionMetadata ongoing = ongoing();
            TransactionMetadata preparing = ongoing.endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next();

            assertThatThrownBy(() -> ongoing.partitionsNotInTransaction(new ProducerIdentity(8, (short) 0),
                    Set.of(ORDERS_0))).isInstanceOf(InvalidProducerIdMappingException.class);
            assertThatThrownBy(() -> ongoing.abortTimedOut(2001 + TIMEOUT)
                    .partitionsNotInTransaction(producer, Set.of(ORDERS_0))).isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> preparing.partitionsNotInTransaction(producer, Set.of(ORDERS_0)))
                    .isInstanceOf(ConcurrentTransactionsException.class);
        }

        @Test
        void shouldKeepVersionOneRulesForATransactionOfAVersionOneClient() {
            TransactionMetadata committed = ongoing().endTransaction(producer, true, TV_0, 3000, NO_NEW_ID).next()
                    .complete(3500);

            assertThat(committed.clientTransactionVersion()).isEqualTo(TV_0);
            assertThat(committed.producer()).isEqualTo(producer);
            assertThat(committed.endTransaction(producer, true, TV_0, 4000, NO_NEW_ID).decided()).isFalse();
        }

        @Test
        void shouldAbortWithoutATransactionAfterACommitOnlyFromAStateThatMayPrecedeIt() {
            TransactionMetadata committed = initialised().addPartitions(producer, Set.of(ORDERS_0), 2000, TV_2)
                    .endTransaction(producer, true, TV_2, 3000, NO_NEW_ID).next().complete(3500);

            EndTxnResult aborted = committed.endTransaction(new ProducerIdentity(7, (short) 1), false, TV_2, 4000,
                    NO_NEW_ID);

            assertThat(aborted.next().state()).isEqualTo(PREPARE_ABORT);
            assertThat(aborted.producer()).isEqualTo(new ProducerIdentity(7, (short) 2));
            assertThat(PREPARE_ABORT.validPreviousStates()).contains(committed.state());
        }

        @Test
        void shouldFenceTheProducerOfATimedOutTransactionRatherThanTakeItsEndTxnForARetry() {
            TransactionMetadata aborted = initialised().addPartitions(producer, Set.of(ORDERS_0), 2000, TV_2)
                    .abortTimedOut(2001 + TIMEOUT).complete(2002 + TIMEOUT);

            assertThatThrownBy(() -> aborted.endTransaction(producer, false, TV_2, 2003 + TIMEOUT, NO_NEW_ID))
                    .isInstanceOf(ProducerFencedException.class);
        }
    }
}
