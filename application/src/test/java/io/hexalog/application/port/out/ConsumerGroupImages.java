package io.hexalog.application.port.out;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.consumer.ClassicMemberMetadata;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupMember;
import io.hexalog.domain.group.consumer.MemberState;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.group.consumer.TopicMetadata;
import io.hexalog.domain.topic.TopicId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Consumer group images for the tests of the stores that keep them. */
public final class ConsumerGroupImages {

    public static final TopicId ORDERS = new TopicId(UUID.fromString("7d3c1a52-0000-4000-8000-000000000001"));

    private ConsumerGroupImages() {
    }

    /** A group at {@code epoch} whose one member owns both partitions of "orders". */
    public static ConsumerGroupImage oneMember(GroupId group, int epoch) {
        PartitionAssignment all = PartitionAssignment.of(ORDERS, 0, 1);
        ConsumerGroupMember a = member("a", Optional.empty(), epoch, MemberState.STABLE, all, PartitionAssignment.EMPTY,
                Optional.empty());
        return new ConsumerGroupImage(group, epoch, epoch, "uniform", Map.of("orders", orders()), List.of(a),
                Map.of("a", all), Map.of("a", Map.of(ORDERS, Map.of(0, epoch, 1, epoch))));
    }

    /**
     * A group at epoch 2 where a static member "a" still revokes partition 1, which the classic member "b" waits for.
     */
    public static ConsumerGroupImage twoMembersRebalancing(GroupId group) {
        ConsumerGroupMember a = member("a", Optional.of("host-a"), 1, MemberState.UNREVOKED_PARTITIONS,
                PartitionAssignment.of(ORDERS, 0), PartitionAssignment.of(ORDERS, 1), Optional.empty());
        ConsumerGroupMember b = member("b", Optional.empty(), 2, MemberState.UNRELEASED_PARTITIONS,
                PartitionAssignment.EMPTY, PartitionAssignment.EMPTY, Optional.of(new ClassicMemberMetadata(10_000,
                        List.of(new MemberProtocol("range", new byte[] {0, 1, 2})))));
        return new ConsumerGroupImage(group, 2, 2, "range", Map.of("orders", orders()), List.of(a, b),
                Map.of("a", PartitionAssignment.of(ORDERS, 0), "b", PartitionAssignment.of(ORDERS, 1)),
                Map.of("a", Map.of(ORDERS, Map.of(0, 1, 1, 1))));
    }

    private static TopicMetadata orders() {
        return new TopicMetadata(ORDERS, "orders", 2);
    }

    private static ConsumerGroupMember member(String id, Optional<String> instanceId, int epoch, MemberState state,
                                              PartitionAssignment assigned, PartitionAssignment pending,
                                              Optional<ClassicMemberMetadata> classic) {
        return new ConsumerGroupMember(id, instanceId, Optional.of("rack-1"), "client-" + id, "/10.0.0.1",
                Set.of("orders"), Optional.empty(), Optional.of("uniform"), 30_000, epoch, Math.max(0, epoch - 1),
                state, assigned, pending, classic);
    }
}
