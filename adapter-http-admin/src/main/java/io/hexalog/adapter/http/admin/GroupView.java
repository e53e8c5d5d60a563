package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A consumer group as the API shows it, whichever protocol its members speak: a classic group (JoinGroup and
 * SyncGroup, its assignments made by a member) or a consumer group of KIP-848 (heartbeats, its assignments made by
 * the broker). Confluent's {@code type} field tells them apart.
 *
 * @param type              {@link #CLASSIC} or {@link #CONSUMER}
 * @param simple            a classic group with committed offsets only, no protocol
 * @param partitionAssignor the protocol a classic group chose, or the assignor of a consumer group
 * @param state             the state's name as Kafka's tools print it
 * @param mixed             a consumer group some of whose members still speak the classic protocol, as while a
 *                          group migrates from one protocol to the other
 */
record GroupView(String groupId, String type, boolean simple, String partitionAssignor, String state, boolean empty,
                 boolean mixed, List<Member> members) {

    static final String CLASSIC = "CLASSIC";
    static final String CONSUMER = "CONSUMER";

    GroupView {
        Objects.requireNonNull(groupId, "groupId");
        members = List.copyOf(members);
    }

    /**
     * A member and the partitions it is assigned.
     *
     * @param assignment what it owns now, in topic and partition order for a consumer group
     */
    record Member(String memberId, Optional<String> instanceId, String clientId, List<TopicPartition> assignment) {
        Member {
            assignment = List.copyOf(assignment);
        }
    }

    static GroupView of(GroupDescription group) {
        boolean consumerProtocol = group.protocolType()
                .filter(ConsumerAssignment.CONSUMER_PROTOCOL_TYPE::equals).isPresent();
        return new GroupView(group.groupId().value(), CLASSIC, group.protocolType().isEmpty(),
                group.selectedProtocol().orElse(""), group.state().name(), group.state() == GroupState.EMPTY, false,
                group.members().stream()
                        .map(member -> new Member(member.memberId(), member.groupInstanceId(), member.clientId(),
                                consumerProtocol ? ConsumerAssignment.partitions(member.assignment()) : List.of()))
                        .toList());
    }

    /** @param topicNames the name of a topic, by ID; a partition of a topic deleted since is left out */
    static GroupView of(ConsumerGroupDescription group, Function<TopicId, Optional<TopicName>> topicNames) {
        return new GroupView(group.groupId().value(), CONSUMER, false, group.assignorName(), group.state().name(),
                group.state() == ConsumerGroupState.EMPTY,
                group.members().stream().anyMatch(ConsumerGroupDescription.Member::classic),
                group.members().stream()
                        .map(member -> new Member(member.memberId(), member.instanceId(), member.clientId(),
                                partitions(member.assignment(), topicNames)))
                        .toList());
    }

    private static List<TopicPartition> partitions(PartitionAssignment assignment,
                                                   Function<TopicId, Optional<TopicName>> topicNames) {
        List<TopicPartition> partitions = new ArrayList<>();
        assignment.partitions().forEach((topic, indexes) -> topicNames.apply(topic).ifPresent(name ->
                indexes.forEach(index -> partitions.add(new TopicPartition(name, index)))));
        partitions.sort(Comparator.comparing((TopicPartition partition) -> partition.topic().value())
                .thenComparingInt(TopicPartition::partition));
        return partitions;
    }
}
