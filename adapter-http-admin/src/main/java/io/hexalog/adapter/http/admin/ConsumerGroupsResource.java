package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicPartition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * {@code .../consumer-groups}: list and describe groups (Confluent's), and the extensions that delete an empty
 * group and reset an empty group's committed offsets.
 */
final class ConsumerGroupsResource implements Resource {

    private static final String GROUPS = "/v3/clusters/{cluster_id}/consumer-groups";
    private static final String GROUP = GROUPS + "/{consumer_group_id}";

    private final ClusterScope scope;
    private final HttpAdminAdapter.GroupUseCases groups;
    private final GroupLookup lookup;
    private final GroupLags lags;
    private final ListOffsetsQuery listOffsets;
    private final RequestBodies bodies;

    ConsumerGroupsResource(ClusterScope scope, HttpAdminAdapter.GroupUseCases groups, GroupLookup lookup,
                           GroupLags lags, ListOffsetsQuery listOffsets, RequestBodies bodies) {
        this.scope = scope;
        this.groups = groups;
        this.lookup = lookup;
        this.lags = lags;
        this.listOffsets = listOffsets;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(GROUPS, this::list);
        routes.get(GROUP, this::get);
        routes.delete(GROUP, this::delete);
        routes.post(GROUP + "/offsets:reset", this::reset);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        CompletableFuture<List<ConsumerGroupData>> described = lookup.list()
                .thenApply(listed -> listed.stream().map(group -> data(links, clusterId, group)).toList());
        Answers.json(ctx, described, 200,
                data -> ResourceList.of("KafkaConsumerGroupList", links.cluster("consumer-groups"), data));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        Answers.json(ctx, lookup.describe(GroupLookup.groupId(ctx)), 200,
                group -> data(links, clusterId, group));
    }

    /** Extension: deletes an empty group and its offsets; 409 while it has members. */
    private void delete(Context ctx) {
        scope.cluster(ctx);
        Answers.noContent(ctx, groups.deleteGroups().deleteGroup(GroupLookup.groupId(ctx)));
    }

    /** Extension: moves an empty group's committed offsets; 409 while it has members. */
    private void reset(Context ctx) {
        Links links = scope.cluster(ctx);
        GroupId group = GroupLookup.groupId(ctx);
        ResetOffsetsRequest request = bodies.read(ctx, ResetOffsetsRequest.class);
        CompletableFuture<List<GroupOffsetData>> reset = lookup.describe(group)
                .thenCompose(described -> {
                    if (!described.empty()) {
                        throw new ApiException(409, 409, "Consumer group " + group + " is " + described.state()
                                + ": its offsets can be reset only while it has no members.");
                    }
                    return targets(group, request);
                })
                .thenCompose(targets -> commit(group, targets));
        Answers.json(ctx, reset, 200, offsets -> ResourceList.of("KafkaConsumerGroupOffsetList",
                links.cluster("consumer-groups", group.value(), "offsets"), offsets));
    }

    private CompletableFuture<List<GroupOffsetData>> targets(GroupId group, ResetOffsetsRequest request) {
        if (request.kind() == ResetOffsetsRequest.ResetTo.OFFSETS) {
            request.offsets().forEach(offset -> topicPartition(offset.topicName(), offset.partitionId()));
            return CompletableFuture.completedFuture(request.offsets());
        }
        CompletableFuture<List<TopicPartition>> partitions = request.topicName() != null
                ? CompletableFuture.completedFuture(topic(request.topicName()).partitions().stream()
                        .map(TopicIdPartition::topicPartition).toList())
                : lags.of(group).thenApply(all -> all.stream().map(GroupLags.PartitionLag::partition).toList());
        return partitions.thenCompose(chosen -> {
            List<CompletableFuture<GroupOffsetData>> each = new ArrayList<>();
            for (TopicPartition partition : chosen) {
                each.add(target(partition, request));
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
        });
    }

    private CompletableFuture<GroupOffsetData> target(TopicPartition partition, ResetOffsetsRequest request) {
        TopicIdPartition where = topicPartition(partition.topic().value(), partition.partition());
        OffsetSpec spec = switch (request.kind()) {
            case EARLIEST -> new OffsetSpec.Earliest();
            case TIMESTAMP -> new OffsetSpec.ForTimestamp(request.timestamp());
            default -> new OffsetSpec.Latest();
        };
        CompletableFuture<Optional<ListedOffset>> found = listOffsets.listOffset(where, spec, IsolationLevel.READ_UNCOMMITTED);
        // No record at or after the time: the end, as kafka-consumer-groups --to-datetime does.
        CompletableFuture<Long> offset = found.thenCompose(listed -> listed.isPresent()
                ? CompletableFuture.completedFuture(listed.get().offset())
                : listOffsets.listOffset(where, new OffsetSpec.Latest(), IsolationLevel.READ_UNCOMMITTED)
                        .thenApply(latest -> latest.map(ListedOffset::offset).orElse(0L)));
        return offset.thenApply(value -> new GroupOffsetData(partition.topic().value(), partition.partition(), value));
    }

    private CompletableFuture<List<GroupOffsetData>> commit(GroupId group, List<GroupOffsetData> targets) {
        Map<TopicPartition, CommitOffsetsCommand.PartitionOffset> offsets = new LinkedHashMap<>();
        for (GroupOffsetData target : targets) {
            offsets.put(topicPartition(target.topicName(), target.partitionId()).topicPartition(),
                    new CommitOffsetsCommand.PartitionOffset(target.offset(), OptionalInt.empty(), null));
        }
        return groups.commitOffsets()
                .commitOffsets(new CommitOffsetsCommand(group, new CommitOffsetsCommand.Committer.Unmanaged(), offsets))
                .thenApply(results -> {
                    for (Optional<HexalogException> error : results.values()) {
                        if (error.isPresent()) {
                            throw error.get();
                        }
                    }
                    return targets;
                });
    }

    private TopicIdPartition topicPartition(String topicName, int partition) {
        Topic topic = topic(topicName);
        if (!topic.hasPartition(partition)) {
            throw new ApiException(404, ApiException.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition: topic " + topicName + " has no partition "
                            + partition + ".");
        }
        return topic.partition(partition);
    }

    private Topic topic(String name) {
        return scope.topicNamed(name);
    }

    private ConsumerGroupData data(Links links, String clusterId, GroupView group) {
        return ConsumerGroupData.of(links, clusterId, group,
                groups.coordinators().groupCoordinator(GroupId.of(group.groupId())));
    }
}
