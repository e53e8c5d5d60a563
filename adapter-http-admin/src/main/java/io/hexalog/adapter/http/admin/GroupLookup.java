package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicPartition;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the groups the API shows, classic groups and consumer groups (KIP-848) alike, and resolves
 * {@code consumer_group_id} and {@code consumer_id}, answering 404 for a group or member that does not exist.
 */
final class GroupLookup {

    private final DescribeGroupsQuery classicGroups;
    private final ConsumerGroupsQuery consumerGroups;
    private final DescribeTopicsQuery topics;

    GroupLookup(DescribeGroupsQuery classicGroups, ConsumerGroupsQuery consumerGroups, DescribeTopicsQuery topics) {
        this.classicGroups = classicGroups;
        this.consumerGroups = consumerGroups;
        this.topics = topics;
    }

    static GroupId groupId(Context ctx) {
        return GroupId.of(ctx.pathParam("consumer_group_id"));
    }

    /** The group named in the path; fails with 404 if there is none. */
    CompletableFuture<GroupView> describe(GroupId group) {
        return find(group).thenApply(found -> found.orElseThrow(
                () -> ApiException.notFound("Consumer group " + group + " could not be found.")));
    }

    /** Every group, of both kinds, sorted by group ID. */
    CompletableFuture<List<GroupView>> list() {
        List<CompletableFuture<Optional<GroupView>>> each = new ArrayList<>();
        consumerGroups.listConsumerGroups().forEach(listing -> each.add(find(listing.groupId())));
        return classicGroups.listGroups().thenCompose(listed -> {
            listed.stream().map(GroupListing::groupId).map(this::find).forEach(each::add);
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
        }).thenApply(done -> each.stream()
                .map(CompletableFuture::join)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(GroupView::groupId))
                .toList());
    }

    private CompletableFuture<Optional<GroupView>> find(GroupId group) {
        Optional<GroupView> consumerGroup = consumerGroups.describeConsumerGroup(group)
                .filter(described -> described.state() != ConsumerGroupState.DEAD)
                .map(described -> GroupView.of(described, id -> topics.findTopic(id).map(Topic::name)));
        if (consumerGroup.isPresent()) {
            return CompletableFuture.completedFuture(consumerGroup);
        }
        return classicGroups.describeGroup(group).thenApply(found -> found
                .filter(description -> description.state() != GroupState.DEAD)
                .map(GroupView::of));
    }

    static GroupView.Member member(GroupView group, String consumerId) {
        return group.members().stream()
                .filter(member -> member.memberId().equals(consumerId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Consumer " + consumerId + " could not be found in group "
                        + group.groupId() + "."));
    }

    /** Who is assigned each partition. */
    static Map<TopicPartition, GroupView.Member> assignedMembers(GroupView group) {
        Map<TopicPartition, GroupView.Member> assigned = new HashMap<>();
        for (GroupView.Member member : group.members()) {
            member.assignment().forEach(partition -> assigned.put(partition, member));
        }
        return assigned;
    }
}
