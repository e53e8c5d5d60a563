package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupSubscribedToTopicException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.OffsetMetadataTooLargeException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.hexalog.application.service.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Committing, reading, expiring and deleting offsets with the services wired to fakes. */
class OffsetServicesTest {

    private static final GroupId GROUP = GroupId.of("readers");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_9 = new TopicPartition(TopicName.of("orders"), 9);
    private static final Committer UNMANAGED = new Committer.Unmanaged();

    private final CoreOnFakes broker = new CoreOnFakes();
    private final InMemoryCommittedOffsetStoreFake store = new InMemoryCommittedOffsetStoreFake();
    private final GroupCoordinatorConfig settings = new GroupCoordinatorConfig(6_000, 1_800_000, 0, 60_000, 10_000, 8);
    private final GroupTable groups = new GroupTable(settings, broker.scheduler.clock(), broker.scheduler);
    private final KeyedSerialExecutor<GroupId> groupLines = new KeyedSerialExecutor<>(Runnable::run);
    private final ConsumerGroupTable consumerGroups = new ConsumerGroupTable(settings.consumerGroups(),
            broker.scheduler.clock(), broker.scheduler, groups, LocallyApplied.consumerGroups(), new JdkRegexTopicPatternCompilerFake());
    private final OffsetService offsets = new OffsetService(groups, consumerGroups, LocallyApplied.offsets(store), broker.catalog, settings, groupLines,
            Runnable::run);
    private final GroupAdminService admin = new GroupAdminService(groups, consumerGroups, LocallyApplied.offsets(store), groupLines, Runnable::run);
    private final GroupCoordinator coordinator = new GroupCoordinator(groups);

    OffsetServicesTest() {
        broker.createTopic("orders", 2);
    }

    private CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commit(Committer committer,
                                                                                      TopicPartition partition,
                                                                                      String metadata) {
        return offsets.commitOffsets(new CommitOffsetsCommand(GROUP, committer,
                Map.of(partition, new PartitionOffset(10, OptionalInt.of(0), metadata))));
    }

    private Map<TopicPartition, CommittedOffset> committed() {
        return offsets.committedOffsets(GROUP).join();
    }

    @Test
    void shouldStoreACommitFromOutsideTheGroupAndCreateAnEmptyGroup() {
        broker.scheduler.advance(Duration.ofMillis(123));

        assertThat(commit(UNMANAGED, ORDERS_0, null).join().get(ORDERS_0)).isEmpty();

        assertThat(committed()).containsEntry(ORDERS_0, new CommittedOffset(10, OptionalInt.of(0), "", 123));
        assertThat(admin.listGroups().join()).containsExactly(new GroupListing(GROUP, Optional.empty(), GroupState.EMPTY));
    }

    @Test
    void shouldRefuseOffsetsOfUnknownPartitionsAndOverlongMetadataOneByOne() {
        assertThat(commit(UNMANAGED, ORDERS_9, "").join().get(ORDERS_9)).get()
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(commit(UNMANAGED, ORDERS_0, "too long metadata").join().get(ORDERS_0)).get()
                .isInstanceOf(OffsetMetadataTooLargeException.class);
        assertThat(committed()).isEmpty();
    }

    @Test
    void shouldRefuseAMemberCommitToAGroupThatDoesNotExistOrOfAnotherGeneration() {
        assertThat(failureOf(commit(new Committer.Member("", Optional.empty(), OptionalInt.of(3)), ORDERS_0, "")))
                .isInstanceOf(GroupIdNotFoundException.class);

        coordinator.joinGroup(GROUP, new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "h", 6_000,
                6_000, "consumer", List.of(new MemberProtocol("range", new byte[0])), false, true));

        assertThat(failureOf(commit(new Committer.Member("", Optional.empty(), OptionalInt.of(3)), ORDERS_0, "")))
                .isInstanceOf(UnknownMemberIdException.class);
        String member = groups.find(GROUP).orElseThrow().locked(group -> group.members().get(0).memberId());
        assertThat(failureOf(commit(Committer.Member.of(member, Optional.empty(), 3), ORDERS_0, "")))
                .isInstanceOf(IllegalGenerationException.class);
        assertThat(failureOf(admin.deleteGroup(GROUP))).isInstanceOf(NonEmptyGroupException.class);
    }

    @Test
    void shouldTellAMemberCommittingToAGroupThisCoordinatorDoesNotHoldThatItIsUnknown() {
        // a group lost with its coordinator: its members commit to the next one before they rejoin
        Committer consumerProtocolMember = Committer.Member.of("uePxb6lXQk6IiSpbwe975w", Optional.empty(), 2);
        Committer classicMember = Committer.Member.of("consumer-1-3b5c", Optional.empty(), 4);

        assertThat(failureOf(commit(consumerProtocolMember, ORDERS_0, ""))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(failureOf(commit(classicMember, ORDERS_0, ""))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(committed()).isEmpty();
        assertThat(admin.listGroups().join()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnmanagedCommitToAGroupWithMembers() {
        coordinator.joinGroup(GROUP, new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "h", 6_000,
                6_000, "consumer", List.of(new MemberProtocol("range", new byte[0])), false, true));

        assertThat(failureOf(commit(UNMANAGED, ORDERS_0, ""))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(committed()).isEmpty();
    }

    @Test
    void shouldLetAMemberWithoutGenerationCreateTheGroupAsAnUnmanagedCommitterDoes() {
        Committer withoutGeneration = new Committer.Member("someone", Optional.empty(), OptionalInt.empty());

        assertThat(commit(withoutGeneration, ORDERS_0, "").join().get(ORDERS_0)).isEmpty();

        assertThat(committed()).containsOnlyKeys(ORDERS_0);
    }

    @Test
    void shouldReadOnlyTheRequestedPartitions() {
        commit(UNMANAGED, ORDERS_0, "").join();

        assertThat(offsets.committedOffsets(GROUP, List.of(ORDERS_0, ORDERS_9)).join()).containsOnlyKeys(ORDERS_0);
        assertThat(offsets.committedOffsets(GroupId.of("nobody"), List.of(ORDERS_0)).join()).isEmpty();
    }

    @Test
    void shouldDeleteAGroupWithItsOffsets() {
        commit(UNMANAGED, ORDERS_0, "").join();

        admin.deleteGroup(GROUP).join();

        assertThat(committed()).isEmpty();
        assertThat(admin.describeGroup(GROUP).join()).isEmpty();
        assertThat(failureOf(admin.deleteGroup(GROUP))).isInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void shouldKeepOffsetsOfTopicsTheConsumersSubscribeTo() {
        byte[] subscription = {0, 1, 0, 0, 0, 1, 0, 6, 'o', 'r', 'd', 'e', 'r', 's'};
        coordinator.joinGroup(GROUP, new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "h", 6_000,
                6_000, "consumer", List.of(new MemberProtocol("range", subscription)), false, true));
        broker.scheduler.advance(Duration.ofMillis(1));

        assertThat(admin.deleteOffsets(GROUP, List.of(ORDERS_0)).join().get(ORDERS_0)).get()
                .isInstanceOf(GroupSubscribedToTopicException.class);
    }

    @Test
    void shouldExpireOffsetsOfAnEmptyGroupAfterTheRetentionAndThenForgetTheGroup() {
        commit(UNMANAGED, ORDERS_0, "").join();
        new OffsetExpiration(groups, consumerGroups, LocallyApplied.offsets(store), settings, broker.scheduler.clock(), broker.scheduler, groupLines,
                Runnable::run).start();

        broker.scheduler.advance(Duration.ofSeconds(50));
        assertThat(committed()).isNotEmpty();

        broker.scheduler.advance(Duration.ofSeconds(20));
        assertThat(committed()).isEmpty();
        assertThat(admin.listGroups().join()).isEmpty();
        assertThat(groups.find(GROUP)).isEmpty();
    }

    @Test
    void shouldKeepOffsetsOfTopicsAConsumerGroupSubscribesToWhileItsMembersStayAndExpireTheRest() {
        broker.createTopic("payments", 1);
        TopicPartition payments0 = new TopicPartition(TopicName.of("payments"), 0);
        offsets.commitOffsets(new CommitOffsetsCommand(GROUP, UNMANAGED, Map.of(
                ORDERS_0, new PartitionOffset(10, OptionalInt.of(0), ""),
                payments0, new PartitionOffset(20, OptionalInt.of(0), "")))).join();
        ConsumerGroupCoordinator consumerCoordinator = new ConsumerGroupCoordinator(consumerGroups, groups,
                broker.catalog, UUID::randomUUID, new KeyedSerialExecutor<>(Runnable::run));
        HeartbeatResult joined = FutureFailures.await(consumerCoordinator.heartbeat(GROUP, new ConsumerGroupHeartbeat("a",
                ConsumerGroupHeartbeat.JOIN_EPOCH, Optional.empty(), Optional.empty(), 30_000,
                Optional.of(List.of("orders")), Optional.empty(), Optional.empty(),
                Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
        new OffsetExpiration(groups, consumerGroups, LocallyApplied.offsets(store), settings, broker.scheduler.clock(),
                broker.scheduler, groupLines, Runnable::run).start();

        for (int second = 0; second < 70; second += 5) {
            broker.scheduler.advance(Duration.ofSeconds(5));
            FutureFailures.await(consumerCoordinator.heartbeat(GROUP, new ConsumerGroupHeartbeat("a", joined.memberEpoch(),
                    Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), "app", "/127.0.0.1")));
        }
        assertThat(store.offsets(GROUP)).containsOnlyKeys(ORDERS_0);

        FutureFailures.await(consumerCoordinator.heartbeat(GROUP, new ConsumerGroupHeartbeat("a", ConsumerGroupHeartbeat.LEAVE_EPOCH,
                Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "app", "/127.0.0.1")));
        broker.scheduler.advance(Duration.ofSeconds(10));
        assertThat(store.offsets(GROUP)).isEmpty();
        assertThat(consumerGroups.find(GROUP)).isEmpty();
    }

    @Test
    void shouldLeaveExpiryToTheBrokerCoordinatingGroups() {
        AtomicBoolean coordinating = new AtomicBoolean(true);
        GroupTable table = new GroupTable(settings, broker.scheduler.clock(), broker.scheduler, coordinating::get,
                () -> 1);
        OffsetService commits = new OffsetService(table, new ConsumerGroupTable(settings.consumerGroups(),
                broker.scheduler.clock(), broker.scheduler, table, LocallyApplied.consumerGroups(), new JdkRegexTopicPatternCompilerFake()), LocallyApplied.offsets(store), broker.catalog, settings,
                groupLines, Runnable::run);
        commits.commitOffsets(new CommitOffsetsCommand(GROUP, UNMANAGED,
                Map.of(ORDERS_0, new PartitionOffset(10, OptionalInt.of(0), "")))).join();
        coordinating.set(false);
        new OffsetExpiration(table, new ConsumerGroupTable(settings.consumerGroups(), broker.scheduler.clock(),
                broker.scheduler, table, LocallyApplied.consumerGroups(), new JdkRegexTopicPatternCompilerFake()), LocallyApplied.offsets(store), settings, broker.scheduler.clock(),
                broker.scheduler, groupLines, Runnable::run).start();

        broker.scheduler.advance(Duration.ofSeconds(70));

        assertThat(store.offsets(GROUP)).containsOnlyKeys(ORDERS_0);
    }

    @Test
    void shouldForgetOffsetsOfADeletedTopic() {
        commit(UNMANAGED, ORDERS_0, "").join();

        new DeleteTopicWithOffsets(broker.topics, LocallyApplied.offsets(store), Runnable::run).deleteTopic(TopicName.of("orders")).join();

        assertThat(committed()).isEmpty();
    }
}
