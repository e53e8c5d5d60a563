package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupMigrationPolicy;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A classic group with members is upgraded online when a consumer-protocol member joins it, its classic members are
 * served through the classic requests, and it is downgraded when the consumer-protocol member leaves.
 */
class OnlineGroupMigrationTest {

    private static final GroupId GROUP = GroupId.of("billing");

    private CoreOnFakes broker = new CoreOnFakes();
    private Topic orders = broker.createTopic("orders", 4);
    private final List<String> classicMembers = new ArrayList<>();

    @Test
    void shouldUpgradeAClassicGroupWithMembersWhenAConsumerMemberJoins() {
        twoStableClassicMembers();

        HeartbeatResult joined = join("c");

        assertThat(joined.memberEpoch()).isEqualTo(2);
        ConsumerGroupDescription described = broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow();
        assertThat(described.members()).extracting(ConsumerGroupDescription.Member::memberId)
                .containsExactlyInAnyOrder(classicMembers.get(0), classicMembers.get(1), "c");
        assertThat(described.members()).filteredOn(ConsumerGroupDescription.Member::classic).hasSize(2);
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).as("no classic group any more").isEmpty();
    }

    @Test
    void shouldServeTheClassicMembersThroughJoinSyncAndHeartbeatOnceUpgraded() {
        twoStableClassicMembers();
        join("c");
        String first = classicMembers.get(0);

        assertThatThrownBy(() -> classicHeartbeat(first, 1)).isInstanceOf(RebalanceInProgressException.class);
        JoinResult rejoined = broker.core.groupMembership().joinGroup(GROUP, classicJoin(first)).join();
        assertThat(rejoined.generationId()).isEqualTo(2);
        byte[] assignment = broker.core.groupMembership().syncGroup(GROUP, sync(first, 2)).join().assignment();

        assertThat(ConsumerProtocolBytes.partitions(assignment)).containsKey("orders");
        assertThat(failure(commit(first, 1))).isInstanceOf(IllegalGenerationException.class);
        assertThat(commit(first, 2).join().values()).containsOnly(Optional.empty());
    }

    @Test
    void shouldStoreAnUpgradedGroupWithItsClassicMembersAsTheyRejoinAndForgetItOnceDowngraded() {
        twoStableClassicMembers();
        join("c");
        String first = classicMembers.get(0);
        broker.core.groupMembership().joinGroup(GROUP, classicJoin(first)).join();

        var stored = broker.consumerGroupStates.find(GROUP).orElseThrow();
        assertThat(stored.members()).filteredOn(member -> member.classicMetadata().isPresent()).hasSize(2);
        assertThat(stored.members()).filteredOn(member -> member.memberId().equals(first))
                .extracting(member -> member.memberEpoch()).containsExactly(2);

        leave("c", 2);

        assertThat(broker.consumerGroupStates.find(GROUP)).as("a classic group again, held in memory only").isEmpty();
    }

    @Test
    void shouldRefuseAConsumerMemberWhenTheMigrationPolicyForbidsUpgrades() {
        broker = new CoreOnFakes(BrokerConfig.defaults().withGroups(GroupCoordinatorConfig.kafkaDefaults()
                .withConsumerGroups(ConsumerGroupConfig.kafkaDefaults().withMigrationPolicy(
                        ConsumerGroupMigrationPolicy.DOWNGRADE))), 1);
        orders = broker.createTopic("orders", 4);
        twoStableClassicMembers();

        assertThatThrownBy(() -> join("c")).isInstanceOf(GroupIdNotFoundException.class);
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).isPresent();
    }

    @Test
    void shouldDowngradeWhenTheLastConsumerMemberLeavesAndKeepTheClassicMembers() {
        twoStableClassicMembers();
        join("c");

        leave("c", 2);

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).isEmpty();
        var classic = broker.core.describeGroups().describeGroup(GROUP).join().orElseThrow();
        assertThat(classic.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(classic.members()).hasSize(2);
        assertThat(commit(classicMembers.get(0), 2).join().values()).as("the group epoch is the generation")
                .containsOnly(Optional.empty());
        assertThatThrownBy(() -> classicHeartbeat(classicMembers.get(0), 2))
                .isInstanceOf(RebalanceInProgressException.class);
    }

    @Test
    void shouldDowngradeWhenTheLastConsumerMemberIsFencedByItsSessionTimeout() {
        twoStableClassicMembers();
        join("c");

        Map<String, Integer> generations = new LinkedHashMap<>();
        classicMembers.forEach(member -> generations.put(member, 1));
        for (long waited = 0; waited <= ConsumerGroupConfig.KAFKA_SESSION_TIMEOUT_MS
                && broker.core.consumerGroups().describeConsumerGroup(GROUP).isPresent(); waited += 5_000) {
            // the classic members heartbeat and rejoin when told to, while "c" sends nothing
            generations.replaceAll((member, generation) -> heartbeatOrRejoin(member, generation));
            elapse(5_000);
        }
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).isEmpty();
        var classic = broker.core.describeGroups().describeGroup(GROUP).join().orElseThrow();
        assertThat(classic.members()).extracting(member -> member.memberId())
                .containsExactlyInAnyOrderElementsOf(classicMembers);
        assertThat(classic.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void shouldDowngradeWhenAClassicConsumerTakesTheInstanceIdOfTheLastConsumerMember() {
        twoStableClassicMembers();
        FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat("c", 0,
                Optional.of("billing-3"), Optional.empty(), 30_000, Optional.of(List.of("orders")), Optional.empty(),
                Optional.empty(), Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));

        JoinRequest dynamic = classicJoin(GroupMember.UNKNOWN_MEMBER_ID);
        CompletableFuture<JoinResult> replacing = broker.core.groupMembership().joinGroup(GROUP, new JoinRequest(
                GroupMember.UNKNOWN_MEMBER_ID, Optional.of("billing-3"), dynamic.clientId(), dynamic.clientHost(),
                dynamic.sessionTimeoutMs(), dynamic.rebalanceTimeoutMs(), dynamic.protocolType(), dynamic.protocols(),
                false, false));

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP)).isEmpty();
        var classic = broker.core.describeGroups().describeGroup(GROUP).join().orElseThrow();
        assertThat(classic.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(classic.members()).extracting(member -> member.groupInstanceId())
                .contains(Optional.of("billing-3"));
        assertThat(replacing).as("answered when the classic rebalance completes").isNotDone();
    }

    @Test
    void shouldStayAConsumerGroupWhenTheMigrationPolicyForbidsDowngrades() {
        broker = new CoreOnFakes(BrokerConfig.defaults().withGroups(GroupCoordinatorConfig.kafkaDefaults()
                .withConsumerGroups(ConsumerGroupConfig.kafkaDefaults().withMigrationPolicy(
                        ConsumerGroupMigrationPolicy.UPGRADE))), 1);
        orders = broker.createTopic("orders", 4);
        twoStableClassicMembers();
        join("c");

        leave("c", 2);

        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members()).hasSize(2);
        assertThat(broker.core.describeGroups().describeGroup(GROUP).join()).isEmpty();
    }

    /** Two classic consumers join, the leader gives two partitions to each, and both sync: generation 1. */
    private void twoStableClassicMembers() {
        CompletableFuture<JoinResult> a = broker.core.groupMembership().joinGroup(GROUP,
                classicJoin(GroupMember.UNKNOWN_MEMBER_ID));
        CompletableFuture<JoinResult> b = broker.core.groupMembership().joinGroup(GROUP,
                classicJoin(GroupMember.UNKNOWN_MEMBER_ID));
        for (int delays = 0; delays < 3 && !(a.isDone() && b.isDone()); delays++) {
            elapse(GroupCoordinatorConfig.kafkaDefaults().initialRebalanceDelayMs() + 1);
        }
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        JoinResult leader = a.join().isLeader() ? a.join() : b.join();
        JoinResult follower = a.join().isLeader() ? b.join() : a.join();
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        assignments.put(leader.memberId(), ConsumerProtocolBytes.assignment(Map.of("orders", List.of(0, 1))));
        assignments.put(follower.memberId(), ConsumerProtocolBytes.assignment(Map.of("orders", List.of(2, 3))));
        broker.core.groupMembership().syncGroup(GROUP, new SyncRequest(leader.memberId(), Optional.empty(), 1,
                Optional.of("consumer"), Optional.of("range"), assignments)).join();
        broker.core.groupMembership().syncGroup(GROUP, sync(follower.memberId(), 1)).join();
        classicMembers.add(leader.memberId());
        classicMembers.add(follower.memberId());
    }

    private void elapse(long millis) {
        broker.clock.advance(Duration.ofMillis(millis));
        broker.scheduler.advance(Duration.ofMillis(millis));
    }

    private JoinRequest classicJoin(String memberId) {
        byte[] subscription = ConsumerProtocolBytes.subscription(List.of("orders"));
        return new JoinRequest(memberId, Optional.empty(), "app", "/127.0.0.1", 10_000, 30_000, "consumer",
                List.of(new MemberProtocol("range", subscription)), false, false);
    }

    private static SyncRequest sync(String memberId, int generation) {
        return new SyncRequest(memberId, Optional.empty(), generation, Optional.of("consumer"), Optional.of("range"),
                Map.of());
    }

    /** @return the member's generation after it heartbeat, or rejoined and synced if it was told to */
    private int heartbeatOrRejoin(String memberId, int generation) {
        try {
            classicHeartbeat(memberId, generation);
            return generation;
        } catch (RebalanceInProgressException told) {
            int joined = broker.core.groupMembership().joinGroup(GROUP, classicJoin(memberId)).join().generationId();
            broker.core.groupMembership().syncGroup(GROUP, sync(memberId, joined)).join();
            return joined;
        }
    }

    private void classicHeartbeat(String memberId, int generation) {
        broker.core.groupMembership().heartbeat(GROUP, MemberIdentity.dynamic(memberId), generation);
    }

    private HeartbeatResult join(String memberId) {
        return FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat(memberId, 0,
                Optional.empty(), Optional.empty(), 30_000, Optional.of(List.of("orders")), Optional.empty(),
                Optional.empty(), Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
    }

    private void leave(String memberId, int epoch) {
        FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat(memberId, -1,
                Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "app", "/127.0.0.1")));
    }

    private CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commit(String memberId, int generation) {
        return broker.core.commitOffsets().commitOffsets(new CommitOffsetsCommand(GROUP,
                new Committer.Member(memberId, Optional.empty(), OptionalInt.of(generation)),
                Map.of(new TopicPartition(TopicName.of("orders"), 0), new PartitionOffset(10, OptionalInt.empty(), ""))));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("completed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
