package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The server-side assignors: {@code uniform} spreads evenly and sticks, {@code range} cuts ranges per topic. */
class AssignorsTest {

    private static final TopicMetadata ORDERS = topic("orders", 6);
    private static final TopicMetadata PAYMENTS = topic("payments", 3);

    @Test
    void shouldSpreadPartitionsOfAllTopicsEvenlyWithUniform() {
        Map<String, PartitionAssignment> assigned = new UniformAssignor().assign(spec(Map.of(
                "a", subscriber(Set.of("orders", "payments")),
                "b", subscriber(Set.of("orders", "payments")),
                "c", subscriber(Set.of("orders", "payments")),
                "d", subscriber(Set.of("orders", "payments")))));

        assertThat(assigned.values()).extracting(PartitionAssignment::size).containsExactlyInAnyOrder(3, 2, 2, 2);
        assertEveryPartitionOnce(assigned, 9);
    }

    @Test
    void shouldMoveOnlyWhatItMustWhenAMemberJoinsWithUniform() {
        Map<String, PartitionAssignment> before = new UniformAssignor().assign(spec(Map.of(
                "a", subscriber(Set.of("orders")), "b", subscriber(Set.of("orders")))));

        Map<String, PartitionAssignment> after = new UniformAssignor().assign(spec(Map.of(
                "a", new AssignmentSpec.Subscriber(Set.of("orders"), before.get("a")),
                "b", new AssignmentSpec.Subscriber(Set.of("orders"), before.get("b")),
                "c", subscriber(Set.of("orders")))));

        assertThat(after.get("a").isSubsetOf(before.get("a"))).isTrue();
        assertThat(after.get("b").isSubsetOf(before.get("b"))).isTrue();
        assertThat(after.get("c").size()).isEqualTo(2);
    }

    @Test
    void shouldGiveAPartitionOnlyToAMemberSubscribedToItsTopic() {
        Map<String, PartitionAssignment> assigned = new UniformAssignor().assign(spec(Map.of(
                "a", subscriber(Set.of("orders")), "b", subscriber(Set.of("payments")))));

        assertThat(assigned.get("a")).isEqualTo(PartitionAssignment.of(ORDERS.id(), 0, 1, 2, 3, 4, 5));
        assertThat(assigned.get("b")).isEqualTo(PartitionAssignment.of(PAYMENTS.id(), 0, 1, 2));
    }

    @Test
    void shouldCutEachTopicIntoRangesInMemberOrderWithRange() {
        Map<String, PartitionAssignment> assigned = new RangeAssignor().assign(spec(Map.of(
                "b", subscriber(Set.of("orders", "payments")),
                "a", subscriber(Set.of("orders", "payments")))));

        assertThat(assigned.get("a")).isEqualTo(PartitionAssignment.of(ORDERS.id(), 0, 1, 2)
                .union(PartitionAssignment.of(PAYMENTS.id(), 0, 1)));
        assertThat(assigned.get("b")).isEqualTo(PartitionAssignment.of(ORDERS.id(), 3, 4, 5)
                .union(PartitionAssignment.of(PAYMENTS.id(), 2)));
    }

    @Test
    void shouldUseTheAssignorTheMembersAskFor() {
        ConsumerGroupFixture fixture = new ConsumerGroupFixture();
        fixture.addTopic(ORDERS);
        fixture.accepted(ConsumerGroupFixture.joining("b", "orders").assignor("range"));
        fixture.accepted(ConsumerGroupFixture.joining("a", "orders").assignor("range"));

        assertThat(fixture.group.describe().assignorName()).isEqualTo("range");
        assertThat(fixture.group.targetOf("a")).isEqualTo(PartitionAssignment.of(ORDERS.id(), 0, 1, 2));
    }

    private static void assertEveryPartitionOnce(Map<String, PartitionAssignment> assigned, int partitions) {
        PartitionAssignment all = PartitionAssignment.EMPTY;
        int total = 0;
        for (PartitionAssignment each : assigned.values()) {
            assertThat(each.overlaps(all)).isFalse();
            all = all.union(each);
            total += each.size();
        }
        assertThat(total).isEqualTo(partitions);
    }

    private static AssignmentSpec spec(Map<String, AssignmentSpec.Subscriber> members) {
        Map<String, TopicMetadata> topics = new HashMap<>();
        topics.put("orders", ORDERS);
        topics.put("payments", PAYMENTS);
        return new AssignmentSpec(members, topics);
    }

    private static AssignmentSpec.Subscriber subscriber(Set<String> topics) {
        return new AssignmentSpec.Subscriber(topics, PartitionAssignment.EMPTY);
    }

    private static TopicMetadata topic(String name, int partitions) {
        return new TopicMetadata(new TopicId(UUID.nameUUIDFromBytes(name.getBytes())), name, partitions);
    }
}
