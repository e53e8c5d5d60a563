package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncResult;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.hexalog.domain.group.consumer.ClassicConsumers.assigned;
import static io.hexalog.domain.group.consumer.ClassicConsumers.join;
import static io.hexalog.domain.group.consumer.ClassicConsumers.subscription;
import static io.hexalog.domain.group.consumer.ClassicConsumers.sync;
import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.heartbeat;
import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A classic group with members becomes a consumer group when a member of the consumer protocol joins it, its
 * classic members stay and are served through JoinGroup, SyncGroup and Heartbeat, and it becomes a classic group
 * again when only classic members remain (Kafka's online migration).
 */
class ConsumerGroupMigrationTest {

    private final ConsumerGroupFixture topics = new ConsumerGroupFixture();
    private TopicId orders;
    private ClassicGroup classic;
    private String first;
    private String second;

    @BeforeEach
    void twoClassicConsumersShareSixPartitions() {
        orders = topics.createTopic("orders", 6);
        classic = ClassicConsumers.stableGroup("orders", Map.of("first", List.of(0, 1, 2), "second", List.of(3, 4, 5)));
        first = classic.members().stream().filter(member -> assigned(member.assignment()).get("orders").contains(0))
                .findFirst().orElseThrow().memberId();
        second = classic.members().stream().map(GroupMember::memberId).filter(id -> !id.equals(first))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldKeepEveryClassicMemberWithItsPartitionsWhenTheGroupIsUpgraded() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());

        assertThat(fixture.group.groupEpoch()).isEqualTo(1);
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.STABLE);
        assertThat(fixture.member(first).assigned()).isEqualTo(PartitionAssignment.of(orders, 0, 1, 2));
        assertThat(fixture.member(second).assigned()).isEqualTo(PartitionAssignment.of(orders, 3, 4, 5));
        assertThat(fixture.member(first).usesClassicProtocol()).isTrue();
        assertThat(fixture.member(first).memberEpoch()).isEqualTo(1);
        assertThat(fixture.member(first).subscribedTopicNames()).containsExactly("orders");
    }

    @Test
    void shouldUpgradeOnlyWhatThePolicyAllowsAndOnlyGroupsOfTheConsumerProtocolType() {
        ConsumerGroupConfig defaults = ConsumerGroupConfig.kafkaDefaults();

        assertThat(ConsumerGroup.canUpgrade(classic, defaults)).isTrue();
        assertThat(ConsumerGroup.canUpgrade(classic, defaults.withMigrationPolicy(ConsumerGroupMigrationPolicy.UPGRADE))).isTrue();
        assertThat(ConsumerGroup.canUpgrade(classic, defaults.withMigrationPolicy(ConsumerGroupMigrationPolicy.DISABLED))).isFalse();
        assertThat(ConsumerGroup.canUpgrade(classic, defaults.withMigrationPolicy(ConsumerGroupMigrationPolicy.DOWNGRADE))).isFalse();
        assertThat(ConsumerGroup.canUpgrade(classic, new ConsumerGroupConfig(45_000, 5_000, 1, defaults.assignors()))).isFalse();
    }

    @Test
    void shouldRefuseToUpgradeAGroupWhoseAssignmentCannotBeRead() {
        ClassicGroup garbled = ClassicConsumers.stableGroup("orders", Map.of("only", List.of(0)));
        ClassicGroup malformed = new ClassicGroup(garbled.groupId(), GroupConfig.kafkaDefaults(), 0);
        malformed.join(new io.hexalog.domain.group.JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, java.util.Optional.empty(),
                "c", "/h", 10_000, 10_000, "consumer", List.of(new io.hexalog.domain.group.MemberProtocol("range",
                new byte[] {0, 1, 0})), false, false), 0, new UUID(1, 1));

        ConsumerGroupOutcome<ConsumerGroup> outcome = ConsumerGroup.fromClassicGroup(malformed,
                ConsumerGroupConfig.kafkaDefaults(), topics.lookup(), 0);

        assertThat(outcome.error()).containsInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void shouldAskClassicMembersToRejoinWhenAConsumerMemberJoinsAndHandThePartitionsOverSafely() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());

        HeartbeatResult third = fixture.accepted(joining("third", "orders"));
        assertThat(third.memberEpoch()).isEqualTo(2);
        assertThat(third.assignment()).contains(PartitionAssignment.EMPTY);

        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now).error())
                .containsInstanceOf(RebalanceInProgressException.class);

        // The eager client revoked everything before rejoining: it reports owning nothing.
        JoinResult rejoined = fixture.classicJoin(join(first, subscription(List.of("orders"), Map.of())),
                fixture.lookup(), fixture.now, new UUID(9, 9)).result().orElseThrow();
        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(rejoined.protocolName()).contains("range");
        assertThat(rejoined.isLeader()).isFalse();
        assertThat(rejoined.members()).isEmpty();
        SyncResult synced = fixture.classicSync(sync(first, 2), fixture.now).result().orElseThrow();
        Set<Integer> firstKeeps = assigned(synced.assignment()).get("orders");
        assertThat(firstKeeps).hasSize(2).isSubsetOf(0, 1, 2);

        HeartbeatResult thirdNext = fixture.accepted(heartbeat("third", 2));
        PartitionAssignment released = PartitionAssignment.of(orders, 0, 1, 2).minus(
                new PartitionAssignment(Map.of(orders, firstKeeps)));
        assertThat(thirdNext.assignment()).contains(released);

        // The second member still owns 3, 4, 5: the third waits for the one it is to get from them.
        assertThat(fixture.classicJoin(join(second, subscription(List.of("orders"), Map.of())),
                fixture.lookup(), fixture.now, new UUID(9, 9)).result().orElseThrow().generationId()).isEqualTo(2);
        Set<Integer> secondKeeps = assigned(fixture.classicSync(sync(second, 2), fixture.now).result()
                .orElseThrow().assignment()).get("orders");
        assertThat(secondKeeps).hasSize(2).isSubsetOf(3, 4, 5);
        assertThat(fixture.accepted(heartbeat("third", 2)).assignment().orElseThrow().size()).isEqualTo(2);
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.STABLE);
        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic(second), 2, fixture.now).result())
                .contains(ConsumerGroupState.STABLE);
    }

    @Test
    void shouldLetACooperativeClassicMemberRevokeBeforeTheOthersReceive() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));

        JoinResult rejoined = fixture.classicJoin(join(first, subscription(List.of("orders"),
                Map.of("orders", List.of(0, 1, 2)))), fixture.lookup(), fixture.now, new UUID(9, 9)).result().orElseThrow();

        assertThat(rejoined.generationId()).as("still revoking: the previous epoch").isEqualTo(1);
        assertThat(fixture.member(first).state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        Set<Integer> kept = assigned(fixture.classicSync(sync(first, 1), fixture.now).result().orElseThrow()
                .assignment()).get("orders");
        assertThat(kept).hasSize(2);
        assertThat(fixture.accepted(heartbeat("third", 2)).assignment()).isEmpty();
        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now).error())
                .containsInstanceOf(RebalanceInProgressException.class);

        Map<String, List<Integer>> owned = Map.of("orders", List.copyOf(kept));
        assertThat(fixture.classicJoin(join(first, subscription(List.of("orders"), owned)), fixture.lookup(),
                fixture.now, new UUID(9, 9)).result().orElseThrow().generationId()).isEqualTo(2);
        assertThat(fixture.accepted(heartbeat("third", 2)).assignment().orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void shouldAddANewClassicMemberThatComesBackWithTheIdItWasGiven() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        io.hexalog.domain.group.JoinRequest first = join(GroupMember.UNKNOWN_MEMBER_ID,
                subscription(List.of("orders"), Map.of()));
        io.hexalog.domain.group.JoinRequest asV4 = new io.hexalog.domain.group.JoinRequest(first.memberId(),
                first.groupInstanceId(), first.clientId(), first.clientHost(), first.sessionTimeoutMs(),
                first.rebalanceTimeoutMs(), first.protocolType(), first.protocols(), true, true);

        String given = ((io.hexalog.domain.error.MemberIdRequiredException) fixture.classicJoin(asV4,
                fixture.lookup(), fixture.now, new UUID(5, 5)).error().orElseThrow()).memberId();
        JoinResult joined = fixture.classicJoin(join(given, subscription(List.of("orders"), Map.of())),
                fixture.lookup(), fixture.now, new UUID(6, 6)).result().orElseThrow();

        assertThat(joined.memberId()).isEqualTo(given);
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(fixture.group.members()).hasSize(3);
        assertThat(fixture.member(given).usesClassicProtocol()).isTrue();
    }

    @Test
    void shouldRefuseClassicRequestsOfAnotherGenerationOrOfAConsumerProtocolMember() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));

        assertThat(fixture.classicSync(sync(first, 7), fixture.now).error())
                .containsInstanceOf(IllegalGenerationException.class);
        assertThat(fixture.classicSync(sync(first, 1), fixture.now).error())
                .as("the group epoch moved on since it joined").containsInstanceOf(RebalanceInProgressException.class);
        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic("third"), 2, fixture.now).error())
                .containsInstanceOf(UnknownMemberIdException.class);
        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic("stranger"), 2, fixture.now).error())
                .containsInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAcceptAClassicMembersCommitAndFetchOnlyWithItsMemberEpochAsGeneration() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));

        assertThat(fixture.group.checkOffsetCommit(first, 1).isAccepted()).isTrue();
        assertThat(fixture.group.checkPartitionCommit(first, 1, orders, 0).isAccepted()).isTrue();
        assertThat(((Decision.Rejected) fixture.group.checkOffsetCommit(first, 2)).error())
                .isInstanceOf(IllegalGenerationException.class);
        assertThat(((Decision.Rejected) fixture.group.checkOffsetCommit(first, 0)).error())
                .isInstanceOf(IllegalGenerationException.class);
        assertThat(((Decision.Rejected) fixture.group.checkOffsetFetch(java.util.Optional.of(first), 2)).error())
                .isInstanceOf(IllegalGenerationException.class);
        assertThat(fixture.group.checkOffsetFetch(java.util.Optional.of(first), 1).isAccepted()).isTrue();
        assertThat(((Decision.Rejected) fixture.group.checkTransactionalOffsetCommit(first, 2)).error())
                .isInstanceOf(IllegalGenerationException.class);
    }

    @Test
    void shouldGiveAClassicLeaversPartitionsToTheOthers() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());

        List<LeaveResult> left = fixture.classicLeave(List.of(MemberIdentity.dynamic(second),
                MemberIdentity.dynamic("stranger"))).result().orElseThrow();

        assertThat(left.get(0).error()).isEmpty();
        assertThat(left.get(1).error()).containsInstanceOf(UnknownMemberIdException.class);
        assertThat(fixture.group.members()).extracting(ConsumerGroupMember::memberId).containsExactly(first);
        assertThat(fixture.group.targetOf(first)).isEqualTo(PartitionAssignment.of(orders, 0, 1, 2, 3, 4, 5));
    }

    @Test
    void shouldRemoveAClassicMemberThatKeepsHeartbeatingButDoesNotRejoinWithinItsRebalanceTimeout() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));
        long toldAt = fixture.now;
        assertThat(fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now).error())
                .containsInstanceOf(RebalanceInProgressException.class);

        fixture.now = toldAt + ClassicConsumers.SESSION_TIMEOUT_MS / 2;
        ConsumerGroupOutcome<ConsumerGroupState> again = fixture.classicHeartbeat(MemberIdentity.dynamic(first),
                1, fixture.now);
        assertThat(again.timers()).as("the first deadline stays").noneMatch(change ->
                change.timer().equals(ConsumerGroupTimer.join(first)) && change.deadlineMs().isPresent());
        for (fixture.now = toldAt; fixture.now < toldAt + ClassicConsumers.REBALANCE_TIMEOUT_MS; fixture.now += 5_000) {
            fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now);
        }
        fixture.now = toldAt + ClassicConsumers.REBALANCE_TIMEOUT_MS;
        fixture.classicHeartbeat(MemberIdentity.dynamic(second), 1, fixture.now);

        fixture.fire(ConsumerGroupTimer.join(first));

        assertThat(fixture.group.members()).extracting(ConsumerGroupMember::memberId)
                .containsExactlyInAnyOrder(second, "third");
    }

    @Test
    void shouldKeepAClassicMemberThatRejoinedInTimeAndRemoveOneThatJoinedButNeverSynced() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));
        fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now);
        fixture.classicHeartbeat(MemberIdentity.dynamic(second), 1, fixture.now);
        long joinedAt = fixture.now;
        ConsumerGroupOutcome<JoinResult> joined = fixture.classicJoin(join(first, subscription(List.of("orders"),
                Map.of())), fixture.lookup(), fixture.now, new UUID(9, 9));
        assertThat(joined.timers()).contains(ConsumerTimerChange.cancel(ConsumerGroupTimer.join(first)),
                ConsumerTimerChange.arm(ConsumerGroupTimer.sync(first), joinedAt + ClassicConsumers.REBALANCE_TIMEOUT_MS));
        fixture.classicJoin(join(second, subscription(List.of("orders"), Map.of())), fixture.lookup(),
                fixture.now, new UUID(9, 9));
        assertThat(fixture.classicSync(sync(second, 2), fixture.now).timers())
                .contains(ConsumerTimerChange.cancel(ConsumerGroupTimer.sync(second)));

        fixture.now = joinedAt + ClassicConsumers.REBALANCE_TIMEOUT_MS;
        fixture.fire(ConsumerGroupTimer.join(first));
        fixture.fire(ConsumerGroupTimer.sync(second));
        assertThat(fixture.group.members()).hasSize(3);

        fixture.fire(ConsumerGroupTimer.sync(first));

        assertThat(fixture.group.members()).extracting(ConsumerGroupMember::memberId)
                .containsExactlyInAnyOrder(second, "third");
    }

    @Test
    void shouldHandARestartedStaticClassicMemberItsPreviousPlaceWithoutARebalance() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        JoinResult joined = fixture.classicJoin(staticJoin(GroupMember.UNKNOWN_MEMBER_ID, "billing-1"),
                fixture.lookup(), fixture.now, new UUID(7, 7)).result().orElseThrow();
        String before = joined.memberId();
        ConsumerGroupMember previous = fixture.member(before);
        int groupEpoch = fixture.group.groupEpoch();
        PartitionAssignment target = fixture.group.targetOf(before);

        JoinResult restarted = fixture.classicJoin(staticJoin(GroupMember.UNKNOWN_MEMBER_ID, "billing-1"),
                fixture.lookup(), fixture.now, new UUID(8, 8)).result().orElseThrow();

        assertThat(restarted.memberId()).isNotEqualTo(before);
        assertThat(fixture.group.member(before)).isEmpty();
        assertThat(fixture.group.groupEpoch()).as("no rebalance").isEqualTo(groupEpoch);
        assertThat(restarted.generationId()).isEqualTo(previous.memberEpoch());
        assertThat(fixture.group.targetOf(restarted.memberId())).isEqualTo(target);
        assertThat(fixture.group.members()).hasSize(3);
        assertThat(fixture.classicHeartbeat(new MemberIdentity(before, java.util.Optional.of("billing-1")), joined.generationId(),
                fixture.now).error()).as("the previous incarnation is fenced")
                .containsInstanceOf(io.hexalog.domain.error.FencedInstanceIdException.class);
    }

    private static io.hexalog.domain.group.JoinRequest staticJoin(String memberId, String instanceId) {
        io.hexalog.domain.group.JoinRequest dynamic = join(memberId, subscription(List.of("orders"), Map.of()));
        return new io.hexalog.domain.group.JoinRequest(memberId, java.util.Optional.of(instanceId),
                dynamic.clientId(), dynamic.clientHost(), dynamic.sessionTimeoutMs(), dynamic.rebalanceTimeoutMs(),
                dynamic.protocolType(), dynamic.protocols(), false, false);
    }

    @Test
    void shouldRemoveAClassicMemberWhoseOwnSessionTimeoutPassed() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.classicHeartbeat(MemberIdentity.dynamic(first), 1, fixture.now);
        fixture.now += ClassicConsumers.SESSION_TIMEOUT_MS;

        fixture.fire(ConsumerGroupTimer.session(second));

        assertThat(fixture.group.members()).extracting(ConsumerGroupMember::memberId).containsExactly(first);
    }

    @Test
    void shouldDowngradeWhenTheLastConsumerMemberLeavesInTheCurrentEpochKeepingTheClassicMembers() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));
        assertThat(fixture.group.downgradesOnLeaveOf(first)).as("a classic member leaving").isFalse();
        assertThat(fixture.group.downgradesOnLeaveOf("third")).isTrue();
        assertThat(upgraded(ConsumerGroupConfig.kafkaDefaults().withMigrationPolicy(ConsumerGroupMigrationPolicy.UPGRADE))
                .group.downgradesOnLeaveOf("third")).as("with a member of the consumer protocol").isFalse();

        ClassicGroup.Conversion downgraded = fixture.group.toClassicGroup(GroupConfig.kafkaDefaults(), fixture.now,
                "third");

        ClassicGroup back = downgraded.group();
        assertThat(back.generationId()).isEqualTo(2);
        assertThat(back.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(back.protocolName()).contains("range");
        assertThat(back.members()).extracting(GroupMember::memberId).containsExactlyInAnyOrder(first, second);
        assertThat(back.members()).allSatisfy(member -> assertThat(assigned(member.assignment()).get("orders"))
                .hasSize(2));
        assertThat(back.checkOffsetCommit(first, java.util.Optional.empty(), 2).isAccepted()).isTrue();
        assertThat(back.heartbeat(MemberIdentity.dynamic(first), 2, fixture.now).error())
                .containsInstanceOf(RebalanceInProgressException.class);
        assertThat(downgraded.effects().timers()).isNotEmpty();
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.DEAD);
    }

    @Test
    void shouldDowngradeWhenTheLastConsumerMemberIsFencedOnceItsSessionHasExpired() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders"));
        ConsumerGroupTimer session = ConsumerGroupTimer.session("third");

        assertThat(fixture.group.downgradesOnFenceOf(session, fixture.now)).as("before its session ends").isFalse();
        fixture.now += ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS;

        assertThat(fixture.group.downgradesOnFenceOf(session, fixture.now)).isTrue();
        assertThat(fixture.group.downgradesOnFenceOf(ConsumerGroupTimer.revocation("third"), fixture.now))
                .as("no revocation is pending").isFalse();
        assertThat(fixture.group.downgradesOnFenceOf(ConsumerGroupTimer.session(first), fixture.now))
                .as("a classic member").isFalse();
        ConsumerGroupFixture upgradesOnly = upgraded(ConsumerGroupConfig.kafkaDefaults()
                .withMigrationPolicy(ConsumerGroupMigrationPolicy.UPGRADE));
        upgradesOnly.accepted(joining("third", "orders"));
        upgradesOnly.now += ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS;
        assertThat(upgradesOnly.group.downgradesOnFenceOf(session, upgradesOnly.now)).as("a policy without downgrades")
                .isFalse();
    }

    @Test
    void shouldDowngradeWhenAClassicMemberTakesTheInstanceIdOfTheLastConsumerMember() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults());
        fixture.accepted(joining("third", "orders").instance("billing-3"));

        assertThat(fixture.group.downgradesOnStaticReplacementBy(staticJoin(GroupMember.UNKNOWN_MEMBER_ID, "billing-3")))
                .contains("third");
        assertThat(fixture.group.downgradesOnStaticReplacementBy(staticJoin("known-id", "billing-3")))
                .as("a member that knows its ID rejoins, it does not replace").isEmpty();
        assertThat(fixture.group.downgradesOnStaticReplacementBy(staticJoin(GroupMember.UNKNOWN_MEMBER_ID, "other")))
                .isEmpty();
        fixture.accepted(joining("fourth", "orders"));
        assertThat(fixture.group.downgradesOnStaticReplacementBy(staticJoin(GroupMember.UNKNOWN_MEMBER_ID, "billing-3")))
                .as("another consumer-protocol member stays").isEmpty();
    }

    @Test
    void shouldNotDowngradeWhileTheMigrationPolicyForbidsIt() {
        ConsumerGroupFixture fixture = upgraded(ConsumerGroupConfig.kafkaDefaults()
                .withMigrationPolicy(ConsumerGroupMigrationPolicy.UPGRADE));
        fixture.accepted(joining("third", "orders"));

        assertThat(fixture.group.downgradesOnLeaveOf("third")).isFalse();
    }

    private ConsumerGroupFixture upgraded(ConsumerGroupConfig config) {
        ConsumerGroupOutcome<ConsumerGroup> outcome = ConsumerGroup.fromClassicGroup(classic, config, topics.lookup(),
                topics.now);
        assertThat(outcome.timers()).hasSize(2);
        return new ConsumerGroupFixture(outcome.result().orElseThrow(), topics);
    }
}
