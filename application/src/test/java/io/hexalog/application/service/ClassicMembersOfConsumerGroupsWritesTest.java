package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupMember;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A consumer group's image is written before a classic member's JoinGroup or LeaveGroup is answered, a timer's
 * change to the group is written before any request sees it, a group that becomes a classic group is no longer
 * stored once any request sees it as one, and a request that waited while its group was let go of writes nothing,
 * as for a ConsumerGroupHeartbeat: a coordinator that takes the group over right after an answer restores what was
 * answered. Once the topic exists, the broker's
 * blocking work is queued here and run by the test, so that an answer given before its write would show.
 */
class ClassicMembersOfConsumerGroupsWritesTest {

    private static final GroupId GROUP = GroupId.of("billing");
    private static final int CLASSIC_SESSION_MS = 10_000;

    private final Queue<Runnable> blocking = new ArrayDeque<>();
    private boolean queueing;
    private final CoreOnFakes broker = new CoreOnFakes(new InMemoryCommittedOffsetStoreFake(), task -> {
        if (queueing) {
            blocking.add(task);
        } else {
            task.run();
        }
    });

    @BeforeEach
    void aConsumerGroupWithOneConsumerProtocolMember() {
        broker.createTopic("orders", 4);
        queueing = true;
        runBlockingWork(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat("c", 0,
                Optional.empty(), Optional.empty(), 30_000, Optional.of(List.of("orders")), Optional.empty(),
                Optional.empty(), Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
    }

    @Test
    void shouldStoreAClassicMemberThatJoinsBeforeItsJoinGroupIsAnswered() {
        CompletableFuture<JoinResult> joined = broker.core.groupMembership().joinGroup(GROUP, classicJoin());
        CompletableFuture<List<String>> storedWhenAnswered = joined.thenApply(answer -> storedMembers());

        String member = runBlockingWork(joined).memberId();

        assertThat(storedWhenAnswered.join()).containsExactlyInAnyOrder("c", member);
    }

    @Test
    void shouldStoreAClassicMemberLeavingBeforeItsLeaveGroupIsAnswered() {
        String member = runBlockingWork(broker.core.groupMembership().joinGroup(GROUP, classicJoin())).memberId();

        CompletableFuture<List<LeaveResult>> left = broker.core.groupMembership().leaveGroup(GROUP,
                List.of(MemberIdentity.dynamic(member)));
        CompletableFuture<List<String>> storedWhenAnswered = left.thenApply(answer -> storedMembers());

        assertThat(runBlockingWork(left)).allSatisfy(result -> assertThat(result.error()).isEmpty());
        assertThat(storedWhenAnswered.join()).containsExactly("c");
    }

    @Test
    void shouldShowAMemberRemovedByItsSessionTimerOnlyOnceItsRemovalIsStored() {
        String member = runBlockingWork(broker.core.groupMembership().joinGroup(GROUP, classicJoin())).memberId();

        broker.clock.advance(Duration.ofMillis(CLASSIC_SESSION_MS + 1));
        broker.scheduler.advance(Duration.ofMillis(CLASSIC_SESSION_MS + 1));

        assertThat(describedMembers()).as("the group as requests see it, before the timer's write ran")
                .containsExactlyInAnyOrderElementsOf(storedMembers()).contains(member);
        runBlockingWork(CompletableFuture.completedFuture(null));
        assertThat(describedMembers()).containsExactly("c");
        assertThat(storedMembers()).containsExactly("c");
    }

    @Test
    void shouldSendAJoinGroupThatWaitedWhileItsGroupGaveWayToAClassicOneToAskAgain() {
        // given the group's last member leaving, and a classic JoinGroup lined up behind the leave
        CompletableFuture<?> leaving = broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat(
                "c", -1, Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "app", "/127.0.0.1"));
        CompletableFuture<JoinResult> waiting = broker.core.groupMembership().joinGroup(GROUP, classicJoin());
        blocking.remove().run();
        assertThat(leaving).isCompleted();

        // when another JoinGroup finds the group empty and turns it into a classic group
        broker.core.groupMembership().joinGroup(GROUP, classicJoin());

        // then the JoinGroup that waited is told to ask again, and no consumer group comes back in the store
        assertThatThrownBy(() -> runBlockingWork(waiting)).isInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(broker.consumerGroupStates.find(GROUP)).isEmpty();
    }

    @Test
    void shouldRemoveTheStoredConsumerGroupBeforeItsLastConsumerMemberLeavingIsAnswered() {
        runBlockingWork(broker.core.groupMembership().joinGroup(GROUP, classicJoin()));

        CompletableFuture<HeartbeatResult> left = broker.core.consumerGroupHeartbeat().heartbeat(GROUP,
                leaveHeartbeat("c"));
        CompletableFuture<Boolean> storedWhenAnswered = left.thenApply(answer ->
                broker.consumerGroupStates.find(GROUP).isPresent());

        runBlockingWork(left);
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).as("a classic group again").isEmpty();
        assertThat(storedWhenAnswered.join()).as("the consumer group still stored when the leave was answered")
                .isFalse();
    }

    @Test
    void shouldRemoveTheStoredConsumerGroupBeforeItIsSeenAsAClassicGroupOnceItsLastConsumerMemberIsFenced() {
        String member = runBlockingWork(broker.core.groupMembership().joinGroup(GROUP,
                classicJoin(Optional.empty(), 4 * ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS))).memberId();
        runBlockingWork(broker.core.groupMembership().syncGroup(GROUP, new SyncRequest(member, Optional.empty(), 2,
                Optional.of("consumer"), Optional.of("range"), Map.of())));

        broker.clock.advance(Duration.ofMillis(ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS + 1));
        broker.scheduler.advance(Duration.ofMillis(ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS + 1));

        assertThat(describedMembers()).as("before the timer was carried out").contains("c");
        runBlockingWorkSeenAsStored();
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).as("a classic group again").isEmpty();
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join().orElseThrow().members())
                .extracting(GroupDescription.Member::memberId).containsExactly(member);
    }

    @Test
    void shouldRemoveTheStoredConsumerGroupBeforeItIsSeenAsAClassicGroupOnceAClassicMemberTakesAStaticMembersPlace() {
        runBlockingWork(broker.core.groupMembership().joinGroup(GROUP, classicJoin()));
        runBlockingWork(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat("s", 0,
                Optional.of("billing-3"), Optional.empty(), 30_000, Optional.of(List.of("orders")), Optional.empty(),
                Optional.empty(), Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
        runBlockingWork(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, leaveHeartbeat("c")));
        assertThat(describedMembers()).as("a consumer group still, with a static member").hasSize(2).contains("s");

        CompletableFuture<JoinResult> replacing = broker.core.groupMembership().joinGroup(GROUP,
                classicJoin(Optional.of("billing-3"), CLASSIC_SESSION_MS));

        assertThat(describedMembers()).as("before the JoinGroup's turn on the group's line").contains("s");
        runBlockingWorkSeenAsStored();
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).as("a classic group again").isEmpty();
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join().orElseThrow().members())
                .extracting(GroupDescription.Member::groupInstanceId).contains(Optional.of("billing-3"));
        assertThat(replacing).as("answered by the classic group, when its rebalance completes").isNotDone();
    }

    private static ConsumerGroupHeartbeat leaveHeartbeat(String memberId) {
        return new ConsumerGroupHeartbeat(memberId, -1, Optional.empty(), Optional.empty(), -1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "app", "/127.0.0.1");
    }

    private static JoinRequest classicJoin() {
        return classicJoin(Optional.empty(), CLASSIC_SESSION_MS);
    }

    private static JoinRequest classicJoin(Optional<String> instanceId, int sessionTimeoutMs) {
        return new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, instanceId, "app", "/127.0.0.1", sessionTimeoutMs,
                30_000, "consumer",
                List.of(new MemberProtocol("range", ConsumerProtocolBytes.subscription(List.of("orders")))), false,
                false);
    }

    /**
     * Runs the queued blocking work one task at a time, and checks after each that a group requests no longer see as
     * a consumer group is no longer stored as one: a coordinator taking it over then would bring it back.
     */
    private void runBlockingWorkSeenAsStored() {
        for (Runnable task = blocking.poll(); task != null; task = blocking.poll()) {
            task.run();
            if (broker.core.consumerGroups().describeConsumerGroup(GROUP).isEmpty()) {
                assertThat(broker.consumerGroupStates.find(GROUP))
                        .as("the consumer group's stored state, once requests see a classic group").isEmpty();
            }
        }
    }

    private List<String> storedMembers() {
        return broker.consumerGroupStates.find(GROUP).orElseThrow().members().stream()
                .map(ConsumerGroupMember::memberId).toList();
    }

    private List<String> describedMembers() {
        return broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members().stream()
                .map(ConsumerGroupDescription.Member::memberId).toList();
    }

    /** Runs the broker's queued blocking work, and what that work queues, until none is left. */
    private <T> T runBlockingWork(CompletableFuture<T> answer) {
        for (Runnable task = blocking.poll(); task != null; task = blocking.poll()) {
            task.run();
        }
        return FutureFailures.await(answer);
    }
}
