package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake;
import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupImageFormat;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConsumerGroupHeartbeat through the application: timers on the scheduler, offsets, and classic groups of the same ID. */
class ConsumerGroupCoordinatorTest {

    private static final GroupId GROUP = GroupId.of("billing");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);

    private final CoreOnFakes broker = new CoreOnFakes();
    private final Topic orders = broker.createTopic("orders", 2);

    private HeartbeatResult join(String memberId) {
        return FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, joinRequest(memberId)));
    }

    private static ConsumerGroupHeartbeat joinRequest(String memberId) {
        return new ConsumerGroupHeartbeat(memberId, 0, Optional.empty(), Optional.empty(), 30_000,
                Optional.of(List.of("orders")), Optional.empty(), Optional.empty(),
                Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1");
    }

    private HeartbeatResult heartbeat(String memberId, int epoch) {
        return FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, heartbeatRequest(memberId, epoch)));
    }

    private static ConsumerGroupHeartbeat heartbeatRequest(String memberId, int epoch) {
        return new ConsumerGroupHeartbeat(memberId, epoch, Optional.empty(), Optional.empty(), -1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "app", "/127.0.0.1");
    }

    private CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commit(Committer committer) {
        return broker.core.commitOffsets().commitOffsets(new CommitOffsetsCommand(GROUP, committer,
                Map.of(ORDERS_0, new PartitionOffset(10, OptionalInt.empty(), ""))));
    }

    private CompletableFuture<?> classicJoin() {
        return broker.core.groupMembership().joinGroup(GROUP, new JoinRequest("", Optional.empty(), "app",
                "/127.0.0.1", 10_000, 30_000, "consumer", List.of(new MemberProtocol("range", new byte[] {1})),
                false, false));
    }

    @Test
    void shouldAssignTheTopicsPartitionsByTopicId() {
        HeartbeatResult joined = join("a");

        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.assignment()).contains(PartitionAssignment.of(orders.id(), 0, 1));
        assertThat(broker.core.consumerGroups().listConsumerGroups())
                .containsExactly(new ConsumerGroupsQuery.Listing(GROUP, ConsumerGroupState.STABLE));
    }

    @Test
    void shouldRemoveAMemberWhenItsSessionTimesOutOnTheScheduler() {
        join("a");

        elapse(ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS);

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members()).isEmpty();
        assertThatThrownBy(() -> heartbeat("a", 1)).isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldKeepAMemberThatHeartbeatsWithinItsSession() {
        join("a");
        for (int i = 0; i < 5; i++) {
            elapse(ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS - 1_000);
            heartbeat("a", 1);
        }

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members()).hasSize(1);
    }

    @Test
    void shouldTellAMemberOfAGroupItDoesNotKnowToRejoin() {
        assertThatThrownBy(() -> heartbeat("a", 4)).isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldForgetWhatItHeldWhenItCoordinatesAgainInALaterEpochAndGoByTheStoredState() {
        // given a broker coordinating in epoch 3, with a member at epoch 1
        AtomicInteger epoch = new AtomicInteger(3);
        InMemoryConsumerGroupStateStoreFake store = new InMemoryConsumerGroupStateStoreFake();
        GroupTable classicGroups = new GroupTable(GroupCoordinatorConfig.kafkaDefaults(), broker.scheduler.clock(),
                broker.scheduler, () -> true, epoch::get);
        ConsumerGroupCoordinator coordinator = new ConsumerGroupCoordinator(new ConsumerGroupTable(
                ConsumerGroupConfig.kafkaDefaults(), broker.scheduler.clock(), broker.scheduler, classicGroups,
                LocallyApplied.consumerGroups(store), new JdkRegexTopicPatternCompilerFake()),
                classicGroups, broker.catalog, UUID::randomUUID, new KeyedSerialExecutor<>(Runnable::run));
        HeartbeatResult joined = FutureFailures.await(coordinator.heartbeat(GROUP, joinRequest("a")));
        FutureFailures.await(coordinator.heartbeat(GROUP, heartbeatRequest("a", joined.memberEpoch())));

        // when another broker coordinated in epoch 4, where the member left, and this one does again in epoch 5
        store.remove(GROUP);
        epoch.set(5);

        // then what it held in epoch 3 is stale: the member must rejoin
        assertThatThrownBy(() -> FutureFailures.await(coordinator.heartbeat(GROUP, heartbeatRequest("a", joined.memberEpoch()))))
                .isInstanceOf(UnknownMemberIdException.class);
        assertThat(coordinator.describeConsumerGroup(GROUP)).isEmpty();
        assertThat(FutureFailures.await(coordinator.heartbeat(GROUP, joinRequest("a"))).memberEpoch()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheChangesOfACoordinatorDeposedWithoutKnowingItAndKeepTheStoredGroup() {
        // given a broker coordinating a group in epoch 3, the metadata log's epoch
        AtomicInteger logEpoch = new AtomicInteger(3);
        InMemoryConsumerGroupStateStoreFake store = new InMemoryConsumerGroupStateStoreFake();
        GroupTable classicGroups = new GroupTable(GroupCoordinatorConfig.kafkaDefaults(), broker.scheduler.clock(),
                broker.scheduler, () -> true, () -> 3);
        ConsumerGroupCoordinator coordinator = new ConsumerGroupCoordinator(new ConsumerGroupTable(
                ConsumerGroupConfig.kafkaDefaults(), broker.scheduler.clock(), broker.scheduler, classicGroups,
                LocallyApplied.consumerGroups(store, classicGroups::coordinatorEpoch, logEpoch::get),
                new JdkRegexTopicPatternCompilerFake()),
                classicGroups, broker.catalog, UUID::randomUUID, new KeyedSerialExecutor<>(Runnable::run));
        HeartbeatResult joined = FutureFailures.await(coordinator.heartbeat(GROUP, joinRequest("a")));
        ConsumerGroupImage stored = store.find(GROUP).orElseThrow();

        // when the log moves on to epoch 4 under another coordinator, which this broker has not heard of, and the
        // member changes its subscription here
        logEpoch.set(4);
        ConsumerGroupHeartbeat resubscribing = new ConsumerGroupHeartbeat("a", joined.memberEpoch(), Optional.empty(),
                Optional.empty(), -1, Optional.of(List.of("orders", "payments")), Optional.empty(), Optional.empty(),
                Optional.empty(), "app", "/127.0.0.1");

        // then the change is refused, the member is sent to find the coordinator, and the store keeps the group
        assertThatThrownBy(() -> FutureFailures.await(coordinator.heartbeat(GROUP, resubscribing)))
                .isInstanceOf(NotCoordinatorException.class).hasMessageContaining("epoch 3");
        assertThat(store.find(GROUP)).contains(stored);
    }

    @Test
    void shouldListNoGroupOnceItNoLongerCoordinatesAndTheStoredOnesWhenItDoesAgain() {
        // given a broker coordinating a group in epoch 3
        AtomicBoolean coordinating = new AtomicBoolean(true);
        AtomicInteger epoch = new AtomicInteger(3);
        InMemoryConsumerGroupStateStoreFake store = new InMemoryConsumerGroupStateStoreFake();
        GroupTable classicGroups = new GroupTable(GroupCoordinatorConfig.kafkaDefaults(), broker.scheduler.clock(),
                broker.scheduler, coordinating::get, epoch::get);
        ConsumerGroupCoordinator coordinator = new ConsumerGroupCoordinator(new ConsumerGroupTable(
                ConsumerGroupConfig.kafkaDefaults(), broker.scheduler.clock(), broker.scheduler, classicGroups,
                LocallyApplied.consumerGroups(store), new JdkRegexTopicPatternCompilerFake()),
                classicGroups, broker.catalog, UUID::randomUUID, new KeyedSerialExecutor<>(Runnable::run));
        FutureFailures.await(coordinator.heartbeat(GROUP, joinRequest("a")));
        assertThat(coordinator.listConsumerGroups()).extracting(ConsumerGroupsQuery.Listing::groupId)
                .containsExactly(GROUP);

        // when another broker coordinates, then this one lists no group
        coordinating.set(false);
        assertThat(coordinator.listConsumerGroups()).isEmpty();

        // and once it does again, the groups stored (here still the one it had), before any member heartbeats
        coordinating.set(true);
        epoch.set(5);
        assertThat(coordinator.listConsumerGroups()).extracting(ConsumerGroupsQuery.Listing::groupId)
                .containsExactly(GROUP);
        store.remove(GROUP);
        epoch.set(6);
        assertThat(coordinator.listConsumerGroups()).isEmpty();
    }

    // ---- the group's durable state ----------------------------------------------------------------------

    @Test
    void shouldStoreTheGroupBeforeAnsweringAHeartbeatThatChangedItAndNothingForOneThatChangedNothing() {
        HeartbeatResult joined = join("a");
        assertThat(broker.consumerGroupStates.find(GROUP)).as("stored as the join is answered").isPresent();
        int writes = broker.consumerGroupStates.writes();

        heartbeat("a", joined.memberEpoch());
        heartbeat("a", joined.memberEpoch());
        assertThat(broker.consumerGroupStates.writes()).as("steady heartbeats write nothing").isEqualTo(writes);

        join("b");
        assertThat(broker.consumerGroupStates.writes()).isGreaterThan(writes);
        assertThat(broker.consumerGroupStates.find(GROUP).orElseThrow().members())
                .extracting(member -> member.memberId()).containsExactly("a", "b");
    }

    @Test
    void shouldLetItsMembersGoOnWithTheirEpochsOnACoordinatorThatTakesTheGroupOver() {
        // given a group of two members, one still revoking, on this coordinator
        HeartbeatResult a = join("a");
        HeartbeatResult b = join("b");
        HeartbeatResult aRevoking = heartbeat("a", a.memberEpoch());

        // when another broker takes over, holding the stored state as a cluster's log gives it
        CoreOnFakes next = new CoreOnFakes();
        next.catalog.create(orders);
        next.consumerGroupStates.put(broker.consumerGroupStates.find(GROUP).orElseThrow());

        // then each member's next heartbeat is answered as the first coordinator would have answered it
        HeartbeatResult bThere = FutureFailures.await(next.core.consumerGroupHeartbeat().heartbeat(GROUP,
                heartbeatRequest("b", b.memberEpoch())));
        HeartbeatResult aThere = FutureFailures.await(next.core.consumerGroupHeartbeat().heartbeat(GROUP,
                heartbeatRequest("a", aRevoking.memberEpoch())));
        assertThat(bThere).isEqualTo(heartbeat("b", b.memberEpoch()));
        assertThat(aThere).isEqualTo(heartbeat("a", aRevoking.memberEpoch()));
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().groupEpoch())
                .isEqualTo(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().groupEpoch());
    }

    @Test
    void shouldGiveTheMembersOfARestoredGroupAFreshSession() {
        HeartbeatResult a = join("a");
        elapse(40_000);
        CoreOnFakes next = new CoreOnFakes();
        next.catalog.create(orders);
        next.consumerGroupStates.put(broker.consumerGroupStates.find(GROUP).orElseThrow());
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP)).isPresent();

        next.clock.advance(Duration.ofMillis(40_000));
        next.scheduler.advance(Duration.ofMillis(40_000));
        assertThat(FutureFailures.await(next.core.consumerGroupHeartbeat().heartbeat(GROUP,
                heartbeatRequest("a", a.memberEpoch()))).memberEpoch()).isEqualTo(a.memberEpoch());

        next.clock.advance(Duration.ofMillis(46_000));
        next.scheduler.advance(Duration.ofMillis(46_000));
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members()).isEmpty();
        assertThat(next.consumerGroupStates.find(GROUP)).as("an emptied group keeps no state").isEmpty();
    }

    @Test
    void shouldGiveTheMembersOfARestoredGroupTheGroupsOwnSessionTimeout() {
        // given a member of a group whose own session timeout (60 s) is longer than the broker's (45 s)
        HeartbeatResult a = join("a");
        CoreOnFakes next = new CoreOnFakes();
        next.catalog.create(orders);
        next.core.alterGroupConfigs().alterGroupConfigs(AlterGroupConfigsCommand.incremental(GROUP, List.of(
                new AlterConfigOp(AlterConfigOp.OpType.SET, "consumer.session.timeout.ms", "60000")), false)).join();

        // when another broker restores the group, and the member is silent for longer than the broker's timeout
        next.consumerGroupStates.put(broker.consumerGroupStates.find(GROUP).orElseThrow());
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP)).isPresent();
        next.clock.advance(Duration.ofMillis(50_000));
        next.scheduler.advance(Duration.ofMillis(50_000));

        // then it is still a member, and is removed only once the group's own timeout ran out
        assertThat(FutureFailures.await(next.core.consumerGroupHeartbeat().heartbeat(GROUP,
                heartbeatRequest("a", a.memberEpoch()))).memberEpoch()).isEqualTo(a.memberEpoch());
        next.clock.advance(Duration.ofMillis(61_000));
        next.scheduler.advance(Duration.ofMillis(61_000));
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members()).isEmpty();
    }

    @Test
    void shouldCompileAMembersStoredRegularExpressionAgainWhenItRestoresTheGroup() {
        // given a member subscribed by regular expression, its group's image as a store on disk gives it back
        Topic auditEu = broker.createTopic("audit-eu", 1);
        HeartbeatResult joined = FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP,
                new ConsumerGroupHeartbeat("r", 0, Optional.empty(), Optional.empty(), 30_000, Optional.empty(),
                        Optional.of(broker.topicPatterns.compile("audit-.*")), Optional.empty(),
                        Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
        ConsumerGroupImage stored = ConsumerGroupImageFormat.read(ConsumerGroupImageFormat.write(
                broker.consumerGroupStates.find(GROUP).orElseThrow()));

        // when another broker restores the group, and a topic the pattern matches is created there
        CoreOnFakes next = new CoreOnFakes();
        next.catalog.create(auditEu);
        next.consumerGroupStates.put(stored);
        assertThat(next.core.consumerGroups().describeConsumerGroup(GROUP)).isPresent();
        Topic auditUs = next.createTopic("audit-us", 1);
        HeartbeatResult after = FutureFailures.await(next.core.consumerGroupHeartbeat().heartbeat(GROUP,
                heartbeatRequest("r", joined.memberEpoch())));

        // then the coordinator compiled it again with its own engine, and the member is given the new topic too
        assertThat(next.topicPatterns.compiled()).containsExactly("audit-.*");
        assertThat(after.memberEpoch()).isGreaterThan(joined.memberEpoch());
        assertThat(after.assignment().orElseThrow().partitions()).containsKeys(auditEu.id(), auditUs.id());
    }

    @Test
    void shouldRemoveTheStoredStateOfAGroupThatIsDeleted() {
        join("a");
        heartbeat("a", -1);
        assertThat(broker.consumerGroupStates.find(GROUP)).isEmpty();
        join("a");

        heartbeat("a", -1);
        broker.core.deleteGroups().deleteGroup(GROUP).join();

        assertThat(broker.consumerGroupStates.all()).isEmpty();
    }

    @Test
    void shouldCheckACommitOfAConsumerMemberAgainstItsEpoch() {
        join("a");

        assertThat(commit(new Committer.Member("a", Optional.empty(), OptionalInt.of(1))).join())
                .containsEntry(ORDERS_0, Optional.empty());
        assertThat(failure(commit(new Committer.Member("a", Optional.empty(), OptionalInt.of(2)))))
                .as("an epoch ahead of the member's").isInstanceOf(StaleMemberEpochException.class);
        assertThat(commit(new Committer.Member("a", Optional.empty(), OptionalInt.of(0))).join().get(ORDERS_0))
                .as("an older epoch, for a partition owned only since epoch 1")
                .containsInstanceOf(StaleMemberEpochException.class);
    }

    @Test
    void shouldTakeOffsetsOfATransactionOnlyForAMemberAtItsCurrentEpoch() {
        join("a");
        TransactionalId payments = TransactionalId.of("payments");
        ProducerIdAndEpoch producer = broker.core.initTransactionalProducer()
                .initProducerId(payments, 30_000, Optional.empty()).join();
        broker.core.transactions().addOffsets(payments, producer, GROUP).join();

        assertThat(failure(transactionalCommit(payments, producer, new Committer.Member("a", Optional.empty(),
                OptionalInt.of(0))))).as("a zombie of an older epoch").isInstanceOf(StaleMemberEpochException.class);
        assertThat(failure(transactionalCommit(payments, producer, new Committer.Member("b", Optional.empty(),
                OptionalInt.of(1))))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(transactionalCommit(payments, producer, new Committer.Member("a", Optional.empty(),
                OptionalInt.of(1))).join()).containsEntry(ORDERS_0, Optional.empty());
    }

    private CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> transactionalCommit(
            TransactionalId transactionalId, ProducerIdAndEpoch producer, Committer committer) {
        return broker.core.txnOffsetCommit().commitOffsets(new TxnOffsetCommitCommand(transactionalId, GROUP, producer,
                Map.of(ORDERS_0, new PartitionOffset(10, OptionalInt.empty(), "")),
                TransactionSupportedOperation.DEFAULT_ERROR, committer));
    }

    @Test
    void shouldUpgradeAnEmptyClassicGroupKeepingItsOffsets() {
        commit(new Committer.Unmanaged()).join();

        join("a");

        assertThat(broker.core.fetchOffsets().committedOffsets(GROUP).join()).containsKey(ORDERS_0);
        assertThat(broker.core.describeGroups().listGroups().join()).extracting(GroupListing::groupId)
                .doesNotContain(GROUP);
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).as("not a classic group").isEmpty();
    }

    @Test
    void shouldRefuseAConsumerMemberWhileAClassicGroupWithMembersCannotBeUpgraded() {
        classicJoin();

        assertThatThrownBy(() -> join("a")).as("its subscription cannot be read")
                .isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining("Cannot upgrade");
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).isPresent();
    }

    @Test
    void shouldRefuseAClassicMemberOfAnotherProtocolTypeWhileConsumerMembersAreInAndTakeItOnceTheyLeft() {
        join("a");
        assertThat(failure(classicJoin())).isInstanceOf(InconsistentGroupProtocolException.class);

        heartbeat("a", -1);
        classicJoin();

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).isEmpty();
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).isPresent();
    }

    @Test
    void shouldDeleteAnEmptyConsumerGroupWithItsOffsets() {
        join("a");
        commit(new Committer.Member("a", Optional.empty(), OptionalInt.of(1))).join();
        heartbeat("a", -1);

        broker.core.deleteGroups().deleteGroup(GROUP).join();

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).isEmpty();
        assertThat(broker.core.fetchOffsets().committedOffsets(GROUP).join()).isEmpty();
    }

    /** The broker's clock and its scheduler move on together. */
    private void elapse(long millis) {
        broker.clock.advance(Duration.ofMillis(millis));
        broker.scheduler.advance(Duration.ofMillis(millis));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("completed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
