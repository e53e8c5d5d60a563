package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/** {@code .../consumer-groups/{consumer_group_id}/consumers}: a group's members and what each is assigned. */
final class ConsumersResource implements Resource {

    private static final String CONSUMERS = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers";

    private final ClusterScope scope;
    private final HttpAdminAdapter.GroupUseCases groups;

    ConsumersResource(ClusterScope scope, HttpAdminAdapter.GroupUseCases groups) {
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
        Answers.json(ctx, GroupLookup.describe(groups.describeGroups(), group), 200,
                described -> ResourceList.of("KafkaConsumerList", links.cluster("consumer-groups", group.value(), "consumers"),
                        described.members().stream().map(member -> ConsumerData.of(links, clusterId, group, member))
                                .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        String consumerId = ctx.pathParam("consumer_id");
        Answers.json(ctx, GroupLookup.describe(groups.describeGroups(), group), 200,
                described -> ConsumerData.of(links, clusterId, group, GroupLookup.member(described, consumerId)));
    }

    /** The partitions read from the member's assignment, for members of a {@code consumer} protocol group. */
    private void assignments(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        GroupId group = GroupLookup.groupId(ctx);
        String consumerId = ctx.pathParam("consumer_id");
        Answers.json(ctx, GroupLookup.describe(groups.describeGroups(), group), 200, described -> {
            GroupDescription.Member member = GroupLookup.member(described, consumerId);
            boolean consumerProtocol = described.protocolType()
                    .filter(ConsumerAssignment.CONSUMER_PROTOCOL_TYPE::equals).isPresent();
            return ResourceList.of("KafkaConsumerAssignmentList",
                    links.cluster("consumer-groups", group.value(), "consumers", consumerId, "assignments"),
                    (consumerProtocol ? ConsumerAssignment.partitions(member.assignment())
                            : List.<TopicPartition>of()).stream()
                            .map(partition -> ConsumerAssignmentData.of(links, clusterId, group, consumerId, partition))
                            .toList());
        });
    }
}
