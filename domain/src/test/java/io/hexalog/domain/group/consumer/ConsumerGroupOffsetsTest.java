package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;

/** Committed offsets of a consumer group: the member epoch plays the part of the generation. */
class ConsumerGroupOffsetsTest {

    private final ConsumerGroupFixture fixture = new ConsumerGroupFixture();

    @Test
    void shouldAcceptACommitFromAMemberAtItsEpochButNotAheadOfIt() {
        TopicId orders = fixture.createTopic("orders", 1);
        fixture.accepted(joining("a", "orders"));

        assertThat(fixture.group.checkOffsetCommit("a", 1).isAccepted()).isTrue();
        assertThat(fixture.group.checkPartitionCommit("a", 1, orders, 0).isAccepted()).isTrue();
        assertThat(rejection(fixture.group.checkOffsetCommit("a", 2))).isInstanceOf(StaleMemberEpochException.class);
        assertThat(rejection(fixture.group.checkPartitionCommit("a", 0, orders, 0)))
                .as("owned since epoch 1 only").isInstanceOf(StaleMemberEpochException.class);
        assertThat(rejection(fixture.group.checkOffsetCommit("b", 1))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(rejection(fixture.group.checkOffsetCommit("", -1)))
                .as("a commit without member while the group has members").isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAcceptACommitWithAnOlderEpochForPartitionsTheMemberHasOwnedSinceThen() {
        // KIP-1251: the client commits before it has heard that its epoch moved on
        TopicId orders = fixture.createTopic("orders", 4);
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(ConsumerGroupFixture.heartbeat("a", 1).owning(PartitionAssignment.of(orders, 2, 3)));
        assertThat(fixture.member("a").memberEpoch()).isEqualTo(2);

        assertThat(fixture.group.checkOffsetCommit("a", 1).isAccepted()).isTrue();
        assertThat(fixture.group.checkPartitionCommit("a", 1, orders, 2).isAccepted()).isTrue();
        assertThat(rejection(fixture.group.checkPartitionCommit("a", 1, orders, 0)))
                .as("revoked since").isInstanceOf(StaleMemberEpochException.class);
    }

    @Test
    void shouldAcceptACommitWithoutMemberWhileTheGroupIsEmpty() {
        assertThat(fixture.group.checkOffsetCommit("", -1).isAccepted()).isTrue();
    }

    @Test
    void shouldAcceptATransactionalCommitOnlyFromAMemberAtItsCurrentEpoch() {
        TopicId orders = fixture.createTopic("orders", 4);
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(ConsumerGroupFixture.heartbeat("a", 1).owning(PartitionAssignment.of(orders, 2, 3)));
        assertThat(fixture.member("a").memberEpoch()).isEqualTo(2);

        assertThat(fixture.group.checkTransactionalOffsetCommit("a", 2).isAccepted()).isTrue();
        assertThat(rejection(fixture.group.checkTransactionalOffsetCommit("a", 1)))
                .as("a zombie of the previous epoch").isInstanceOf(StaleMemberEpochException.class);
        assertThat(rejection(fixture.group.checkTransactionalOffsetCommit("c", 2)))
                .isInstanceOf(UnknownMemberIdException.class);
        assertThat(rejection(fixture.group.checkTransactionalOffsetCommit("", -1)))
                .as("without member while the group has members").isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAcceptATransactionalCommitWithoutMemberWhileTheGroupIsEmpty() {
        assertThat(fixture.group.checkTransactionalOffsetCommit("", -1).isAccepted()).isTrue();
    }

    @Test
    void shouldCheckAnOffsetFetchOfAMemberButNotOneWithoutMember() {
        fixture.createTopic("orders", 1);
        fixture.accepted(joining("a", "orders"));

        assertThat(fixture.group.checkOffsetFetch(Optional.empty(), -1).isAccepted()).isTrue();
        assertThat(fixture.group.checkOffsetFetch(Optional.of("a"), 1).isAccepted()).isTrue();
        assertThat(rejection(fixture.group.checkOffsetFetch(Optional.of("a"), 7))).isInstanceOf(StaleMemberEpochException.class);
    }

    @Test
    void shouldDeleteOnlyAnEmptyGroup() {
        fixture.createTopic("orders", 1);
        fixture.accepted(joining("a", "orders"));
        assertThat(rejection(fixture.group.delete())).isInstanceOf(NonEmptyGroupException.class);

        fixture.accepted(ConsumerGroupFixture.heartbeat("a", -1));
        assertThat(fixture.group.delete().isAccepted()).isTrue();
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.DEAD);
        assertThat(rejection(fixture.group.delete())).isInstanceOf(GroupIdNotFoundException.class);
    }

    private static Throwable rejection(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).error();
    }
}
