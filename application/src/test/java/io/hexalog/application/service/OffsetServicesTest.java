package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupSubscribedToTopicException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.OffsetMetadataTooLargeException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Committing, reading, expiring and deleting offsets with the services wired to fakes. */
class OffsetServicesTest {

    private static final GroupId GROUP = GroupId.of("readers");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_9 = new TopicPartition(TopicName.of("orders"), 9);

    private final CoreOnFakes broker = new CoreOnFakes();
    private final InMemoryCommittedOffsetStoreFake store = new InMemoryCommittedOffsetStoreFake();
    private final GroupCoordinatorConfig settings = new GroupCoordinatorConfig(6_000, 1_800_000, 0, 60_000, 10_000, 8);
    private final GroupTable groups = new GroupTable(settings, broker.scheduler.clock(), broker.scheduler);
    private final OffsetService offsets = new OffsetService(groups, store, broker.catalog, settings);
    private final GroupAdminService admin = new GroupAdminService(groups, store);
    private final GroupCoordinator coordinator = new GroupCoordinator(groups);

    OffsetServicesTest() {
        broker.createTopic("orders", 2);
    }

    private Map<TopicPartition, Optional<HexalogException>> commit(int generation, TopicPartition partition, String metadata) {
        return offsets.commitOffsets(new CommitOffsetsCommand(GROUP, "", Optional.empty(), generation,
                Map.of(partition, new PartitionOffset(10, OptionalInt.of(0), metadata))));
    }

    @Test
    void shouldStoreACommitFromOutsideTheGroupAndCreateAnEmptyGroup() {
        broker.scheduler.advance(Duration.ofMillis(123));

        assertThat(commit(-1, ORDERS_0, null).get(ORDERS_0)).isEmpty();

        assertThat(offsets.committedOffsets(GROUP)).containsEntry(ORDERS_0, new CommittedOffset(10, OptionalInt.of(0), "", 123));
        assertThat(admin.listGroups()).containsExactly(new GroupListing(GROUP, Optional.empty(), GroupState.EMPTY));
    }

    @Test
    void shouldRefuseOffsetsOfUnknownPartitionsAndOverlongMetadataOneByOne() {
        assertThat(commit(-1, ORDERS_9, "").get(ORDERS_9)).get().isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(commit(-1, ORDERS_0, "too long metadata").get(ORDERS_0)).get()
                .isInstanceOf(OffsetMetadataTooLargeException.class);
        assertThat(offsets.committedOffsets(GROUP)).isEmpty();
    }

    @Test
    void shouldRefuseAMemberCommitToAGroupThatDoesNotExistOrOfAnotherGeneration() {
        assertThatThrownBy(() -> commit(3, ORDERS_0, "")).isInstanceOf(GroupIdNotFoundException.class);

        coordinator.joinGroup(GROUP, new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "h", 6_000,
                6_000, "consumer", List.of(new MemberProtocol("range", new byte[0])), false, true));

        assertThatThrownBy(() -> offsets.commitOffsets(new CommitOffsetsCommand(GROUP, "", Optional.empty(), 3,
                Map.of(ORDERS_0, new PartitionOffset(1, OptionalInt.empty(), ""))))).isInstanceOf(RuntimeException.class);
        String member = groups.find(GROUP).orElseThrow().locked(group -> group.members().get(0).memberId());
        assertThatThrownBy(() -> offsets.commitOffsets(new CommitOffsetsCommand(GROUP, member, Optional.empty(), 3,
                Map.of(ORDERS_0, new PartitionOffset(1, OptionalInt.empty(), ""))))).isInstanceOf(IllegalGenerationException.class);
        assertThatThrownBy(() -> admin.deleteGroup(GROUP)).isInstanceOf(NonEmptyGroupException.class);
    }

    @Test
    void shouldReadOnlyTheRequestedPartitions() {
        commit(-1, ORDERS_0, "");

        assertThat(offsets.committedOffsets(GROUP, List.of(ORDERS_0, ORDERS_9))).containsOnlyKeys(ORDERS_0);
        assertThat(offsets.committedOffsets(GroupId.of("nobody"), List.of(ORDERS_0))).isEmpty();
    }

    @Test
    void shouldDeleteAGroupWithItsOffsets() {
        commit(-1, ORDERS_0, "");

        admin.deleteGroup(GROUP);

        assertThat(offsets.committedOffsets(GROUP)).isEmpty();
        assertThat(admin.describeGroup(GROUP)).isEmpty();
        assertThatThrownBy(() -> admin.deleteGroup(GROUP)).isInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void shouldKeepOffsetsOfTopicsTheConsumersSubscribeTo() {
        byte[] subscription = {0, 1, 0, 0, 0, 1, 0, 6, 'o', 'r', 'd', 'e', 'r', 's'};
        coordinator.joinGroup(GROUP, new JoinRequest(GroupMember.UNKNOWN_MEMBER_ID, Optional.empty(), "app", "h", 6_000,
                6_000, "consumer", List.of(new MemberProtocol("range", subscription)), false, true));
        broker.scheduler.advance(Duration.ofMillis(1));

        assertThat(admin.deleteOffsets(GROUP, List.of(ORDERS_0)).get(ORDERS_0)).get()
                .isInstanceOf(GroupSubscribedToTopicException.class);
    }

    @Test
    void shouldExpireOffsetsOfAnEmptyGroupAfterTheRetentionAndThenForgetTheGroup() {
        commit(-1, ORDERS_0, "");
        new OffsetExpiration(groups, store, settings, broker.scheduler.clock(), broker.scheduler).start();

        broker.scheduler.advance(Duration.ofSeconds(50));
        assertThat(offsets.committedOffsets(GROUP)).isNotEmpty();

        broker.scheduler.advance(Duration.ofSeconds(20));
        assertThat(offsets.committedOffsets(GROUP)).isEmpty();
        assertThat(admin.listGroups()).isEmpty();
    }

    @Test
    void shouldForgetOffsetsOfADeletedTopic() {
        commit(-1, ORDERS_0, "");

        new DeleteTopicWithOffsets(broker.topics, store).deleteTopic(TopicName.of("orders"));

        assertThat(offsets.committedOffsets(GROUP)).isEmpty();
    }
}
