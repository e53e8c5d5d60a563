package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.heartbeat;
import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;

/** KIP-848's incremental reconciliation: a partition changes owner only after its owner has revoked it. */
class ConsumerGroupReconciliationTest {

    private final ConsumerGroupFixture fixture = new ConsumerGroupFixture();
    private TopicId orders;

    @BeforeEach
    void createTopic() {
        orders = fixture.createTopic("orders", 4);
    }

    @Test
    void shouldGiveTheFirstMemberEveryPartitionAtEpochOne() {
        HeartbeatResult answer = fixture.accepted(joining("a", "orders"));

        assertThat(answer.memberEpoch()).isEqualTo(1);
        assertThat(answer.assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3));
        assertThat(answer.heartbeatIntervalMs()).isEqualTo(ConsumerGroupConfig.KAFKA_HEARTBEAT_INTERVAL_MS);
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void shouldGiveANewMemberPartitionsOnlyOnceTheirOwnerHasRevokedThem() {
        fixture.accepted(joining("a", "orders"));

        HeartbeatResult bJoins = fixture.accepted(joining("b", "orders"));
        assertThat(bJoins.memberEpoch()).isEqualTo(2);
        assertThat(bJoins.assignment()).contains(PartitionAssignment.EMPTY);
        assertThat(fixture.member("b").state()).isEqualTo(MemberState.UNRELEASED_PARTITIONS);
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.RECONCILING);

        HeartbeatResult aAskedToRevoke = fixture.accepted(heartbeat("a", 1));
        assertThat(aAskedToRevoke.memberEpoch()).as("a keeps its epoch until it has revoked").isEqualTo(1);
        assertThat(aAskedToRevoke.assignment()).contains(PartitionAssignment.of(orders, 2, 3));
        assertThat(fixture.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);

        assertThat(fixture.accepted(heartbeat("b", 2)).assignment())
                .as("b waits while a still owns its partitions").isEmpty();
        assertThat(fixture.accepted(heartbeat("a", 1).owning(PartitionAssignment.of(orders, 0, 1, 2, 3)))
                .memberEpoch()).as("a still reports the revoked partitions").isEqualTo(1);

        HeartbeatResult aRevoked = fixture.accepted(heartbeat("a", 1).owning(PartitionAssignment.of(orders, 2, 3)));
        assertThat(aRevoked.memberEpoch()).isEqualTo(2);
        assertThat(fixture.member("a").state()).isEqualTo(MemberState.STABLE);

        HeartbeatResult bReceives = fixture.accepted(heartbeat("b", 2));
        assertThat(bReceives.assignment()).contains(PartitionAssignment.of(orders, 0, 1));
        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void shouldNeverLetTwoMembersOwnOnePartitionWhileThreeMembersComeAndGo() {
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        fixture.accepted(joining("c", "orders"));
        for (int round = 0; round < 6; round++) {
            for (String member : new String[] {"a", "b", "c"}) {
                ConsumerGroupMember before = fixture.member(member);
                fixture.accepted(heartbeat(member, before.memberEpoch()).owning(before.assigned()));
                assertNoPartitionHasTwoOwners();
            }
        }

        assertThat(fixture.group.state()).isEqualTo(ConsumerGroupState.STABLE);
        assertThat(fixture.group.members()).extracting(member -> member.assigned().size())
                .containsExactlyInAnyOrder(2, 1, 1);
    }

    @Test
    void shouldRemoveAMemberThatDoesNotRevokeWithinItsRebalanceTimeout() {
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders"));
        ConsumerGroupOutcome<HeartbeatResult> askedToRevoke = fixture.send(heartbeat("a", 1));
        assertThat(askedToRevoke.timers()).contains(ConsumerTimerChange.arm(ConsumerGroupTimer.revocation("a"),
                fixture.now + ConsumerGroupFixture.REBALANCE_TIMEOUT_MS));

        fixture.now += ConsumerGroupFixture.REBALANCE_TIMEOUT_MS;
        fixture.fire(ConsumerGroupTimer.revocation("a"));

        assertThat(fixture.group.member("a")).isEmpty();
        assertThat(fixture.accepted(heartbeat("b", 2)).assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3));
    }

    @Test
    void shouldAssignATopicCreatedAfterTheMemberSubscribedToIt() {
        fixture.accepted(joining("a", "orders", "payments"));

        TopicId payments = fixture.createTopic("payments", 2);
        HeartbeatResult answer = fixture.accepted(heartbeat("a", 1));

        assertThat(answer.memberEpoch()).isEqualTo(2);
        assertThat(answer.assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3)
                .union(PartitionAssignment.of(payments, 0, 1)));
    }

    @Test
    void shouldAssignTheTopicsMatchingARegularExpressionAndOneCreatedLater() {
        fixture.createTopic("audit", 1);
        HeartbeatResult joined = fixture.accepted(new ConsumerGroupFixture.Builder("a", 0).regex("or.*")
                .rebalanceTimeout(ConsumerGroupFixture.REBALANCE_TIMEOUT_MS).owning(PartitionAssignment.EMPTY));
        assertThat(joined.assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3));

        TopicId orderLines = fixture.createTopic("order-lines", 1);
        HeartbeatResult later = fixture.accepted(heartbeat("a", 1));

        assertThat(later.memberEpoch()).isEqualTo(2);
        assertThat(later.assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3)
                .union(PartitionAssignment.of(orderLines, 0)));
        assertThat(fixture.group.isSubscribedTo("order-lines")).isTrue();
        assertThat(fixture.group.isSubscribedTo("audit")).isFalse();
    }

    @Test
    void shouldAcceptThePreviousEpochOnceWhenTheAnswerThatMovedTheMemberOnWasLost() {
        fixture.accepted(joining("a", "orders"));

        HeartbeatResult retried = fixture.accepted(joining("a", "orders"));

        assertThat(retried.memberEpoch()).isEqualTo(1);
        assertThat(retried.assignment()).contains(PartitionAssignment.of(orders, 0, 1, 2, 3));
    }

    private void assertNoPartitionHasTwoOwners() {
        for (ConsumerGroupMember one : fixture.group.members()) {
            for (ConsumerGroupMember other : fixture.group.members()) {
                if (!one.memberId().equals(other.memberId())) {
                    assertThat(one.owned().overlaps(other.owned()))
                            .as(one.memberId() + " and " + other.memberId() + " share a partition").isFalse();
                }
            }
        }
    }
}
