package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.group.GroupId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * Extension: {@code .../consumer-groups/{consumer_group_id}/configs}, a group's own configs (KIP-848's
 * {@code consumer.session.timeout.ms}, {@code consumer.heartbeat.interval.ms}), as {@code kafka-configs.sh
 * --entity-type groups} reads and sets them. Any group ID has configs, whether a group of that ID exists or not, as
 * in Kafka; its consumer-protocol members get a change from their next heartbeat on.
 */
final class GroupConfigsResource implements Resource {

    private static final String CONFIGS = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/configs";

    private final ClusterScope scope;
    private final DescribeConfigsQuery configs;
    private final AlterGroupConfigsUseCase alterConfigs;
    private final RequestBodies bodies;

    GroupConfigsResource(ClusterScope scope, DescribeConfigsQuery configs, AlterGroupConfigsUseCase alterConfigs,
                         RequestBodies bodies) {
        this.scope = scope;
        this.configs = configs;
        this.alterConfigs = alterConfigs;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(CONFIGS, this::list);
        routes.post(CONFIGS + ":alter", this::alter);
        routes.get(CONFIGS + "/{name}", this::get);
        routes.put(CONFIGS + "/{name}", this::set);
        routes.delete(CONFIGS + "/{name}", this::reset);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        GroupId group = GroupLookup.groupId(ctx);
        ctx.json(ResourceList.of("KafkaConsumerGroupConfigList",
                links.cluster("consumer-groups", group.value(), "configs"),
                configs.describeGroupConfigs(group).stream()
                        .map(entry -> ConfigData.ofGroup(links, ctx.pathParam("cluster_id"), group.value(), entry))
                        .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        GroupId group = GroupLookup.groupId(ctx);
        String configName = ctx.pathParam("name");
        ConfigEntry entry = configs.describeGroupConfigs(group).stream()
                .filter(config -> config.name().equals(configName))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Config " + configName + " cannot be found for consumer group "
                        + group.value() + "."));
        ctx.json(ConfigData.ofGroup(links, ctx.pathParam("cluster_id"), group.value(), entry));
    }

    private void set(Context ctx) {
        scope.cluster(ctx);
        ConfigValueRequest request = bodies.read(ctx, ConfigValueRequest.class);
        change(ctx, List.of(new AlterConfigOp(AlterConfigOp.OpType.SET, ctx.pathParam("name"), request.value())),
                false);
    }

    private void reset(Context ctx) {
        scope.cluster(ctx);
        change(ctx, List.of(new AlterConfigOp(AlterConfigOp.OpType.DELETE, ctx.pathParam("name"), null)), false);
    }

    private void alter(Context ctx) {
        scope.cluster(ctx);
        AlterConfigsRequest request = bodies.read(ctx, AlterConfigsRequest.class);
        change(ctx, TopicsResource.refusedAsBadRequest(request::operations), Boolean.TRUE.equals(request.validateOnly()));
    }

    private void change(Context ctx, List<AlterConfigOp> operations, boolean validateOnly) {
        Answers.noContent(ctx, alterConfigs.alterGroupConfigs(
                AlterGroupConfigsCommand.incremental(GroupLookup.groupId(ctx), operations, validateOnly)));
    }
}
