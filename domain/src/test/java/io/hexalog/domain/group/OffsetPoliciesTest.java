package io.hexalog.domain.group;

import io.hexalog.domain.error.OffsetMetadataTooLargeException;
import io.hexalog.domain.policy.Decision;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static io.hexalog.domain.group.GroupFixture.join;
import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class OffsetPoliciesTest {

    private static final long RETENTION = 1_000;
    private final OffsetRetentionPolicy retention = new OffsetRetentionPolicy(RETENTION);

    private static CommittedOffset committedAt(long timestamp) {
        return new CommittedOffset(5, OptionalInt.empty(), "", timestamp);
    }

    @Test
    void shouldNeverExpireAConsumerGroupsOffsetOfASubscribedTopicAndExpireAnyOtherFromItsCommit() {
        assertThat(retention.isExpiredInConsumerGroup(committedAt(100), true, 100 + 10 * RETENTION)).isFalse();
        assertThat(retention.isExpiredInConsumerGroup(committedAt(100), false, 100 + RETENTION - 1)).isFalse();
        assertThat(retention.isExpiredInConsumerGroup(committedAt(100), false, 100 + RETENTION)).isTrue();
    }

    @Test
    void shouldExpireAnOffsetOfAnUnknownGroupOnceRetentionHasPassedSinceItsCommit() {
        assertThat(retention.isExpired(committedAt(100), Optional.empty(), 100 + RETENTION - 1)).isFalse();
        assertThat(retention.isExpired(committedAt(100), Optional.empty(), 100 + RETENTION)).isTrue();
    }

    @Test
    void shouldNeverExpireOffsetsOfAGroupWithMembers() {
        GroupFixture fixture = new GroupFixture();
        fixture.stableGroupOf("a");

        assertThat(retention.isExpired(committedAt(0), Optional.of(fixture.group), 1_000_000)).isFalse();
    }

    @Test
    void shouldCountFromWhenAConsumerGroupBecameEmpty() {
        GroupFixture fixture = new GroupFixture();
        fixture.join(join().oldVersion().build());
        fixture.now = 5_000;
        fixture.group.leave(java.util.List.of(MemberIdentity.dynamic(fixture.group.members().get(0).memberId())), 5_000);
        fixture.finishInitialRebalance();
        long emptySince = fixture.group.stateTimestampMs();

        assertThat(retention.isExpired(committedAt(0), Optional.of(fixture.group), emptySince + RETENTION - 1)).isFalse();
        assertThat(retention.isExpired(committedAt(0), Optional.of(fixture.group), emptySince + RETENTION)).isTrue();
    }

    @Test
    void shouldCountFromTheCommitForAGroupWithoutProtocol() {
        ClassicGroup simple = new ClassicGroup(GroupId.of("simple"), GroupConfig.kafkaDefaults(), 0);

        assertThat(retention.isExpired(committedAt(500), Optional.of(simple), 500 + RETENTION)).isTrue();
        assertThat(retention.isExpired(committedAt(500), Optional.of(simple), 499 + RETENTION)).isFalse();
    }

    @Test
    void shouldAcceptMetadataUpToTheLimitAndNoMetadataAtAll() {
        OffsetMetadataPolicy policy = new OffsetMetadataPolicy(4);

        assertAccepted(policy.check("four"));
        assertAccepted(policy.check(null));
    }

    @Test
    void shouldRejectMetadataLongerThanAllowedWithOffsetMetadataTooLarge() {
        Decision decision = new OffsetMetadataPolicy(4).check("fives");

        assertRejected(decision, OffsetMetadataTooLargeException.class)
                .hasMessage("Offset metadata of 5 characters exceeds the limit of 4");
    }

    @Test
    void shouldReadTheTopicsOfAConsumerSubscriptionAndNothingElse() {
        assertThat(ConsumerSubscription.topics(ClassicGroupAdministrationTest.subscription("a", "b"))).contains(java.util.Set.of("a", "b"));
        assertThat(ConsumerSubscription.topics(new byte[] {0, 1, 0, 0, 0, 9})).isEmpty();
        assertThat(ConsumerSubscription.topics(new byte[0])).isEmpty();
    }
}
