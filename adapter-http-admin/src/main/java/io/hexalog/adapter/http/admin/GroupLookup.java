package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.topic.TopicPartition;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Resolves {@code consumer_group_id} and {@code consumer_id}, answering 404 for a group or member that does not exist. */
final class GroupLookup {

    private GroupLookup() {
    }

    static GroupId groupId(Context ctx) {
        return GroupId.of(ctx.pathParam("consumer_group_id"));
    }

    /** The group named in the path; fails with 404 if there is none. */
    static CompletableFuture<GroupDescription> describe(DescribeGroupsQuery groups, GroupId group) {
        return groups.describeGroup(group).thenApply(found -> found
                .filter(description -> description.state() != GroupState.DEAD)
                .orElseThrow(() -> ApiException.notFound("Consumer group " + group + " could not be found.")));
    }

    static GroupDescription.Member member(GroupDescription group, String consumerId) {
        return group.members().stream()
                .filter(member -> member.memberId().equals(consumerId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Consumer " + consumerId + " could not be found in group "
                        + group.groupId() + "."));
    }

    /** Who is assigned each partition, for a group whose members speak the consumer protocol. */
    static Map<TopicPartition, GroupDescription.Member> assignedMembers(GroupDescription group) {
        Map<TopicPartition, GroupDescription.Member> assigned = new HashMap<>();
        if (group.protocolType().filter(ConsumerAssignment.CONSUMER_PROTOCOL_TYPE::equals).isPresent()) {
            for (GroupDescription.Member member : group.members()) {
                ConsumerAssignment.partitions(member.assignment()).forEach(partition -> assigned.put(partition, member));
            }
        }
        return assigned;
    }
}
