package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code .../consumer-groups/{consumer_group_id}/lags} and {@code .../lag-summary}: how far behind a group is. */
final class ConsumerLagsResource implements Resource {

    private static final String GROUP = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}";

    private final ClusterScope scope;
    private final GroupLookup groups;
    private final GroupLags lags;

    ConsumerLagsResource(ClusterScope scope, GroupLookup groups, GroupLags lags) {
        this.scope = scope;
        this.groups = groups;
        this.lags = lags;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(GROUP + "/lags", this::list);
        routes.get(GROUP + "/lags/{topic_name}/partitions/{partition_id}", this::get);
        routes.get(GROUP + "/lag-summary", this::summary);
    }

    /** A group's lags and who is assigned each partition. */
    private record Lags(GroupView group, List<GroupLags.PartitionLag> partitions,
                        Map<TopicPartition, GroupView.Member> assigned) {
    }

    private CompletableFuture<Lags> lagsOf(GroupId group) {
        return groups.describe(group).thenCompose(described -> lags.of(group)
                .thenApply(partitions -> new Lags(described, partitions, GroupLookup.assignedMembers(described))));
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        Answers.json(ctx, lagsOf(group), 200, found -> ResourceList.of("KafkaConsumerLagList",
                links.cluster("consumer-groups", group.value(), "lags"), found.partitions().stream()
                        .map(lag -> ConsumerLagData.of(links, clusterId, group, lag, found.assigned().get(lag.partition())))
                        .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        String topic = ctx.pathParam("topic_name");
        String partition = ctx.pathParam("partition_id");
        Answers.json(ctx, lagsOf(group), 200, found -> found.partitions().stream()
                .filter(lag -> lag.partition().topic().value().equals(topic)
                        && Integer.toString(lag.partition().partition()).equals(partition))
                .findFirst()
                .map(lag -> ConsumerLagData.of(links, clusterId, group, lag, found.assigned().get(lag.partition())))
                .orElseThrow(() -> ApiException.notFound("Consumer group " + group + " has no offset of topic "
                        + topic + " partition " + partition + ".")));
    }

    private void summary(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        Answers.json(ctx, lagsOf(group), 200, found -> summary(links, clusterId, group, found));
    }

    private static ConsumerGroupLagSummaryData summary(Links links, String clusterId, GroupId group, Lags found) {
        ResourceMetadata metadata = new ResourceMetadata(links.cluster("consumer-groups", group.value(), "lag-summary"),
                links.crn("consumer-group=" + group.value(), "lag-summary"));
        long total = found.partitions().stream().mapToLong(GroupLags.PartitionLag::lag).sum();
        if (found.partitions().isEmpty()) {
            return new ConsumerGroupLagSummaryData("KafkaConsumerGroupLagSummary", metadata, clusterId, group.value(),
                    null, null, null, null, null, 0, 0, null, null);
        }
        // The first partition, in topic and partition order, among those that lag most.
        long maxLag = found.partitions().stream().mapToLong(GroupLags.PartitionLag::lag).max().orElseThrow();
        GroupLags.PartitionLag max = found.partitions().stream().filter(lag -> lag.lag() == maxLag).findFirst()
                .orElseThrow();
        GroupView.Member member = found.assigned().get(max.partition());
        String topic = max.partition().topic().value();
        String partition = Integer.toString(max.partition().partition());
        return new ConsumerGroupLagSummaryData("KafkaConsumerGroupLagSummary", metadata, clusterId, group.value(),
                member == null ? "" : member.memberId(), member == null ? null : member.instanceId().orElse(null),
                member == null ? "" : member.clientId(), topic, max.partition().partition(), max.lag(), total,
                member == null ? null : links.related("consumer-groups", group.value(), "consumers", member.memberId()),
                links.related("topics", topic, "partitions", partition));
    }
}
