package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;


/** {@code .../consumer-groups/{consumer_group_id}/consumers}: a group's members and what each is assigned. */
final class ConsumersResource implements Resource {

    private static final String CONSUMERS = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers";

    private final ClusterScope scope;
    private final GroupLookup groups;

    ConsumersResource(ClusterScope scope, GroupLookup groups) {
        this.scope = scope;
        this.groups = groups;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(CONSUMERS, this::list);
        routes.get(CONSUMERS + "/{consumer_id}", this::get);
        routes.get(CONSUMERS + "/{consumer_id}/assignments", this::assignments);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        Answers.json(ctx, groups.describe(group), 200,
                described -> ResourceList.of("KafkaConsumerList", links.cluster("consumer-groups", group.value(), "consumers"),
                        described.members().stream().map(member -> ConsumerData.of(links, clusterId, group, member))
                                .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        String consumerId = ctx.pathParam("consumer_id");
        Answers.json(ctx, groups.describe(group), 200,
                described -> ConsumerData.of(links, clusterId, group, GroupLookup.member(described, consumerId)));
    }

    /** The partitions assigned to the member: read from its assignment in a classic group of the consumer protocol. */
    private void assignments(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        String consumerId = ctx.pathParam("consumer_id");
        Answers.json(ctx, groups.describe(group), 200, described -> {
            GroupView.Member member = GroupLookup.member(described, consumerId);
            return ResourceList.of("KafkaConsumerAssignmentList",
                    links.cluster("consumer-groups", group.value(), "consumers", consumerId, "assignments"),
                    member.assignment().stream()
                            .map(partition -> ConsumerAssignmentData.of(links, clusterId, group, consumerId, partition))
                            .toList());
        });
    }
}
