package io.hexalog.application.service;

import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCoordinatorTest {

    private static final GroupId GROUP = GroupId.of("readers");
    private static final int SESSION_MS = 6_000;
    private static final int DELAY_MS = 100;

    private final ManualSchedulerFake scheduler = new ManualSchedulerFake();
    private final AtomicLong ids = new AtomicLong();
    private final GroupTable groups = new GroupTable(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(DELAY_MS),
            scheduler.clock(), scheduler);
    private final GroupCoordinator coordinator = new GroupCoordinator(groups, () -> new UUID(0, ids.incrementAndGet()));

    private static JoinRequest join(String memberId) {
        return new JoinRequest(memberId, Optional.empty(), "app", "/127.0.0.1", SESSION_MS, 30_000, "consumer",
                List.of(new MemberProtocol("range", new byte[] {1})), true, true);
    }

    private String memberIdFor() {
        CompletableFuture<JoinResult> first = coordinator.joinGroup(GROUP, join(GroupMember.UNKNOWN_MEMBER_ID));
        assertThat(first).isCompletedExceptionally();
        return ((MemberIdRequiredException) failure(first)).memberId();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void shouldAnswerParkedJoinsWhenTheInitialRebalanceDelayRunsOutOnTheScheduler() {
        String leader = memberIdFor();
        String follower = memberIdFor();
        CompletableFuture<JoinResult> leaderJoin = coordinator.joinGroup(GROUP, join(leader));
        CompletableFuture<JoinResult> followerJoin = coordinator.joinGroup(GROUP, join(follower));
        assertThat(leaderJoin).isNotDone();

        scheduler.advance(Duration.ofMillis(2 * DELAY_MS));

        assertThat(leaderJoin.join().members()).hasSize(2);
        assertThat(followerJoin.join().leaderId()).isEqualTo(leader);
        assertThat(followerJoin.join().generationId()).isEqualTo(1);
    }

    @Test
    void shouldHandEveryMemberTheAssignmentTheLeaderSyncs() {
        String leader = memberIdFor();
        String follower = memberIdFor();
        coordinator.joinGroup(GROUP, join(leader));
        coordinator.joinGroup(GROUP, join(follower));
        scheduler.advance(Duration.ofMillis(2 * DELAY_MS));

        CompletableFuture<SyncResult> followerSync = coordinator.syncGroup(GROUP, sync(follower, Map.of()));
        CompletableFuture<SyncResult> leaderSync = coordinator.syncGroup(GROUP,
                sync(leader, Map.of(leader, new byte[] {7}, follower, new byte[] {8})));

        assertThat(followerSync.join().assignment()).containsExactly(8);
        assertThat(leaderSync.join().assignment()).containsExactly(7);
        assertThat(coordinator.heartbeat(GROUP, MemberIdentity.dynamic(follower), 1)).isEqualTo(GroupState.STABLE);
    }

    @Test
    void shouldExpireASilentMemberAfterItsSessionAndMakeTheOthersRejoin() {
        String leader = memberIdFor();
        String follower = memberIdFor();
        coordinator.joinGroup(GROUP, join(leader));
        coordinator.joinGroup(GROUP, join(follower));
        scheduler.advance(Duration.ofMillis(2 * DELAY_MS));
        coordinator.syncGroup(GROUP, sync(follower, Map.of()));
        coordinator.syncGroup(GROUP, sync(leader, Map.of()));

        for (int second = 0; second < 5; second++) {
            scheduler.advance(Duration.ofSeconds(1));
            coordinator.heartbeat(GROUP, MemberIdentity.dynamic(leader), 1);
        }
        scheduler.advance(Duration.ofMillis(1_500));

        assertThatThrownBy(() -> coordinator.heartbeat(GROUP, MemberIdentity.dynamic(leader), 1))
                .isInstanceOf(RebalanceInProgressException.class);
        assertThatThrownBy(() -> coordinator.heartbeat(GROUP, MemberIdentity.dynamic(follower), 1))
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldRefuseAKnownMemberIdForAGroupThatDoesNotExist() {
        assertThat(failure(coordinator.joinGroup(GROUP, join("ghost")))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(failure(coordinator.syncGroup(GROUP, sync("ghost", Map.of())))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(failure(coordinator.leaveGroup(GROUP, List.of(MemberIdentity.dynamic("ghost")))))
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAnswerASupersededParkedJoinSoThatItsConnectionIsNotStuck() {
        String member = memberIdFor();
        CompletableFuture<JoinResult> first = coordinator.joinGroup(GROUP, join(member));

        CompletableFuture<JoinResult> second = coordinator.joinGroup(GROUP, join(member));

        assertThat(failure(first)).isInstanceOf(RebalanceInProgressException.class);
        scheduler.advance(Duration.ofMillis(DELAY_MS));
        assertThat(second.join().memberId()).isEqualTo(member);
    }

    @Test
    void shouldStopTheTimersOfADeletedGroup() {
        String member = memberIdFor();
        coordinator.joinGroup(GROUP, join(member));
        coordinator.leaveGroup(GROUP, List.of(MemberIdentity.dynamic(member))).join();
        scheduler.advance(Duration.ofMillis(DELAY_MS));

        new GroupAdminService(groups, new ConsumerGroupTable(ConsumerGroupConfig.kafkaDefaults(), scheduler.clock(),
                scheduler, groups, LocallyApplied.consumerGroups(), new JdkRegexTopicPatternCompilerFake()), LocallyApplied.offsets(new io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake()),
                new KeyedSerialExecutor<>(Runnable::run), Runnable::run).deleteGroup(GROUP).join();

        assertThat(scheduler.pendingTasks()).isZero();
    }

    private static SyncRequest sync(String memberId, Map<String, byte[]> assignments) {
        return new SyncRequest(memberId, Optional.empty(), 1, Optional.empty(), Optional.empty(), assignments);
    }
}
