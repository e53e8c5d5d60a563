package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/** {@code .../topics/{topic_name}/configs}: read a topic's configs, set them, and reset them to their defaults. */
final class TopicConfigsResource implements Resource {

    private static final String CONFIGS = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs";

    private final ClusterScope scope;
    private final DescribeConfigsQuery configs;
    private final AlterConfigsUseCase alterConfigs;
    private final RequestBodies bodies;

    TopicConfigsResource(ClusterScope scope, DescribeConfigsQuery configs, AlterConfigsUseCase alterConfigs,
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
        Topic topic = scope.topic(ctx);
        String name = topic.name().value();
        ctx.json(ResourceList.of("KafkaTopicConfigList", links.cluster("topics", name, "configs"),
                configs.describeTopicConfigs(topic.name()).stream()
                        .map(entry -> ConfigData.ofTopic(links, ctx.pathParam("cluster_id"), name, entry))
                        .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        String configName = ctx.pathParam("name");
        ConfigEntry entry = configs.describeTopicConfigs(topic.name()).stream()
                .filter(config -> config.name().equals(configName))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Config " + configName + " cannot be found for topic "
                        + topic.name().value() + "."));
        ctx.json(ConfigData.ofTopic(links, ctx.pathParam("cluster_id"), topic.name().value(), entry));
    }

    private void set(Context ctx) {
        scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        ConfigValueRequest request = bodies.read(ctx, ConfigValueRequest.class);
        change(ctx, topic, List.of(new AlterConfigOp(AlterConfigOp.OpType.SET, ctx.pathParam("name"), request.value())),
                false);
    }

    private void reset(Context ctx) {
        scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        change(ctx, topic, List.of(new AlterConfigOp(AlterConfigOp.OpType.DELETE, ctx.pathParam("name"), null)), false);
    }

    private void alter(Context ctx) {
        scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        AlterConfigsRequest request = bodies.read(ctx, AlterConfigsRequest.class);
        change(ctx, topic, TopicsResource.refusedAsBadRequest(request::operations),
                Boolean.TRUE.equals(request.validateOnly()));
    }

    private void change(Context ctx, Topic topic, List<AlterConfigOp> operations, boolean validateOnly) {
        Answers.noContent(ctx, alterConfigs.alterTopicConfigs(
                AlterTopicConfigsCommand.incremental(topic.name(), operations, validateOnly)));
    }
}
