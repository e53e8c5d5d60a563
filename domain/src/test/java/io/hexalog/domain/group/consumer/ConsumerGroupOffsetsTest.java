package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;

/** Committed offsets of a consumer group: the member epoch plays the part of the generation. */
class ConsumerGroupOffsetsTest {

    private final ConsumerGroupFixture fixture = new ConsumerGroupFixture();

    @Test
    void shouldAcceptACommitFromAMemberAtItsEpochOnly() {
        fixture.createTopic("orders", 1);
        fixture.accepted(joining("a", "orders"));

        assertThat(fixture.group.checkOffsetCommit("a", 1).isAccepted()).isTrue();
        assertThat(rejection(fixture.group.checkOffsetCommit("a", 0))).isInstanceOf(StaleMemberEpochException.class);
        assertThat(rejection(fixture.group.checkOffsetCommit("b", 1))).isInstanceOf(UnknownMemberIdException.class);
        assertThat(rejection(fixture.group.checkOffsetCommit("", -1)))
                .as("a commit without member while the group has members").isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAcceptACommitWithoutMemberWhileTheGroupIsEmpty() {
        assertThat(fixture.group.checkOffsetCommit("", -1).isAccepted()).isTrue();
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
