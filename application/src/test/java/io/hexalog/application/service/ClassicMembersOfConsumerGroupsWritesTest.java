package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupMember;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A consumer group's image is written before a classic member's JoinGroup or LeaveGroup is answered, a timer's
 * change to the group is written before any request sees it, and a request that waited while its group was let go
 * of writes nothing, as for a ConsumerGroupHeartbeat: a coordinator that
 * takes the group over right after an answer restores what was answered. Once the topic exists, the broker's
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

    private static JoinRequest classicJoin() {
        return new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "/127.0.0.1",
                CLASSIC_SESSION_MS, 30_000, "consumer",
                List.of(new MemberProtocol("range", ConsumerProtocolBytes.subscription(List.of("orders")))), false,
                false);
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
