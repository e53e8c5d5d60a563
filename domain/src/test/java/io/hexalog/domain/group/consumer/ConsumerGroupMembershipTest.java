package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.FencedMemberEpochException;
import io.hexalog.domain.error.GroupMaxSizeReachedException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnreleasedInstanceIdException;
import io.hexalog.domain.error.UnsupportedAssignorException;
import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.heartbeat;
import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;

/** Joining, leaving, sessions, epochs and static members of a consumer group. */
class ConsumerGroupMembershipTest {

    private final ConsumerGroupFixture fixture = new ConsumerGroupFixture();
    private TopicId orders;

    @BeforeEach
    void createTopic() {
        orders = fixture.createTopic("orders", 2);
    }

    @Test
    void shouldGiveAVersionZeroMemberThatSentNoIdOneFromTheCoordinator() {
        HeartbeatResult answer = fixture.accepted(joining("", "orders"));

        assertThat(answer.memberId()).isEqualTo(new java.util.UUID(0, 42).toString());
    }

    @Test
    void shouldRefuseMalformedHeartbeatsAsKafkaDoes() {
        assertThat(fixture.refused(new ConsumerGroupFixture.Builder("a", 0).subscribe("orders")
                .owning(PartitionAssignment.EMPTY))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("RebalanceTimeoutMs");
        assertThat(fixture.refused(joining("a", "orders").owning(PartitionAssignment.of(orders, 0))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(fixture.refused(new ConsumerGroupFixture.Builder("a", 0).rebalanceTimeout(1000)
                .owning(PartitionAssignment.EMPTY))).isInstanceOf(InvalidRequestException.class);
        assertThat(fixture.refused(heartbeat("a", -3))).isInstanceOf(InvalidRequestException.class);
        assertThat(fixture.refused(heartbeat("a", -2))).as("-2 is for static members")
                .isInstanceOf(InvalidRequestException.class);
        assertThat(fixture.refused(joining("a", "orders").assignor("sticky")))
                .isInstanceOf(UnsupportedAssignorException.class).hasMessageContaining("uniform, range");
        assertThat(fixture.group.members()).isEmpty();
    }

    @Test
    void shouldAnswerUnknownMemberIdToAHeartbeatOfAMemberItDoesNotKnow() {
        assertThat(fixture.refused(heartbeat("ghost", 3))).isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldFenceAMemberWhoseEpochIsAheadOrTooFarBehind() {
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(heartbeat("a", 1).owning(PartitionAssignment.of(orders, 1)));
        assertThat(fixture.member("a").memberEpoch()).isEqualTo(2);

        assertThat(fixture.refused(heartbeat("a", 5))).isInstanceOf(FencedMemberEpochException.class);
        assertThat(fixture.refused(heartbeat("a", 1).owning(PartitionAssignment.of(orders, 0, 1))))
                .as("the previous epoch, owning more than it is assigned").isInstanceOf(FencedMemberEpochException.class);
    }

    @Test
    void shouldRefuseANewMemberOnceTheGroupIsFull() {
        ConsumerGroupFixture small = new ConsumerGroupFixture(new ConsumerGroupConfig(45_000, 5_000, 1,
                List.of(new UniformAssignor())));
        small.createTopic("orders", 2);
        small.accepted(joining("a", "orders"));

        assertThat(small.refused(joining("b", "orders"))).isInstanceOf(GroupMaxSizeReachedException.class);
        assertThat(small.accepted(heartbeat("a", 1)).memberEpoch()).as("a member already in is not refused").isEqualTo(1);
    }

    @Test
    void shouldGiveTheLeaversPartitionsToTheOthers() {
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(heartbeat("a", 1).owning(PartitionAssignment.of(orders, 1)));
        fixture.accepted(heartbeat("b", 2));

        HeartbeatResult left = fixture.accepted(heartbeat("b", -1));

        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(fixture.group.member("b")).isEmpty();
        assertThat(fixture.accepted(heartbeat("a", 2)).assignment()).contains(PartitionAssignment.of(orders, 0, 1));
    }

    @Test
    void shouldRemoveAMemberWhoseSessionExpiredButNotBefore() {
        ConsumerGroupOutcome<HeartbeatResult> joined = fixture.send(joining("a", "orders"));
        assertThat(joined.timers()).contains(ConsumerTimerChange.arm(ConsumerGroupTimer.session("a"),
                fixture.now + ConsumerGroupFixture.SESSION_TIMEOUT_MS));
        fixture.now += 10_000;
        fixture.accepted(heartbeat("a", 1));

        fixture.now += ConsumerGroupFixture.SESSION_TIMEOUT_MS - 1;
        ConsumerGroupOutcome<Void> early = fixture.fire(ConsumerGroupTimer.session("a"));
        assertThat(early.timers()).containsExactly(ConsumerTimerChange.arm(ConsumerGroupTimer.session("a"), fixture.now + 1));
        assertThat(fixture.group.member("a")).isPresent();

        fixture.now += 1;
        fixture.fire(ConsumerGroupTimer.session("a"));
        assertThat(fixture.group.member("a")).isEmpty();
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.EMPTY);
    }

    @Test
    void shouldKeepALeavingStaticMembersPartitionsUntilItsSessionEnds() {
        fixture.accepted(joining("a1", "orders").instance("instance-a"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(heartbeat("a1", 1).instance("instance-a").owning(PartitionAssignment.of(orders, 1)));
        int epochBefore = fixture.group.groupEpoch();

        HeartbeatResult left = fixture.accepted(heartbeat("a1", -2).instance("instance-a"));

        assertThat(left.memberEpoch()).isEqualTo(-2);
        assertThat(fixture.group.groupEpoch()).as("no rebalance").isEqualTo(epochBefore);
        assertThat(fixture.member("a1").assigned()).isEqualTo(PartitionAssignment.of(orders, 1));
        assertThat(fixture.accepted(heartbeat("b", 2)).assignment()).contains(PartitionAssignment.of(orders, 0));

        fixture.now += ConsumerGroupFixture.SESSION_TIMEOUT_MS;
        fixture.fire(ConsumerGroupTimer.session("a1"));
        assertThat(fixture.group.member("a1")).isEmpty();
        assertThat(fixture.accepted(heartbeat("b", 2)).assignment()).contains(PartitionAssignment.of(orders, 0, 1));
    }

    @Test
    void shouldGiveARejoiningStaticMemberItsPartitionsBackWithoutARebalance() {
        fixture.accepted(joining("a1", "orders").instance("instance-a"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(heartbeat("a1", 1).instance("instance-a").owning(PartitionAssignment.of(orders, 1)));
        fixture.accepted(heartbeat("a1", -2).instance("instance-a"));
        int epochBefore = fixture.group.groupEpoch();

        HeartbeatResult back = fixture.accepted(joining("a2", "orders").instance("instance-a"));

        assertThat(back.memberEpoch()).isEqualTo(epochBefore);
        assertThat(back.assignment()).contains(PartitionAssignment.of(orders, 1));
        assertThat(fixture.group.groupEpoch()).isEqualTo(epochBefore);
        assertThat(fixture.group.member("a1")).isEmpty();
    }

    @Test
    void shouldRefuseAnInstanceIdStillHeldByAnotherMember() {
        fixture.accepted(joining("a1", "orders").instance("instance-a"));

        assertThat(fixture.refused(joining("a2", "orders").instance("instance-a")))
                .isInstanceOf(UnreleasedInstanceIdException.class);
        assertThat(fixture.refused(heartbeat("a2", 1).instance("instance-a")))
                .isInstanceOf(FencedInstanceIdException.class);
    }
}
