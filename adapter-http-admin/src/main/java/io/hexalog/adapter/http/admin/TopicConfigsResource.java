package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.topic.Topic;
import io.javalin.http.Context;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code .../topics/{topic_name}/configs}: read a topic's configs, set them, and reset them to their defaults. */
final class TopicConfigsResource extends ConfigsResource<Topic> {

    private final ClusterScope scope;
    private final DescribeConfigsQuery configs;
    private final AlterConfigsUseCase alterConfigs;

    TopicConfigsResource(ClusterScope scope, DescribeConfigsQuery configs, AlterConfigsUseCase alterConfigs,
                         RequestBodies bodies) {
        super("/v3/clusters/{cluster_id}/topics/{topic_name}/configs", scope, bodies);
        this.scope = scope;
        this.configs = configs;
        this.alterConfigs = alterConfigs;
    }

    @Override
    Topic owner(Context ctx) {
        return scope.topic(ctx);
    }

    @Override
    List<ConfigEntry> describe(Topic topic) {
        return configs.describeTopicConfigs(topic.name());
    }

    @Override
    String name(Topic topic) {
        return "topic " + topic.name().value();
    }

    @Override
    ConfigData data(Links links, String clusterId, Topic topic, ConfigEntry entry) {
        return ConfigData.ofTopic(links, clusterId, topic.name().value(), entry);
    }

    @Override
    ResourceList<ConfigData> list(Links links, Topic topic, List<ConfigData> data) {
        return ResourceList.of("KafkaTopicConfigList", links.cluster("topics", topic.name().value(), "configs"), data);
    }

    @Override
    CompletableFuture<?> change(Topic topic, List<AlterConfigOp> operations, boolean validateOnly) {
        return alterConfigs.alterTopicConfigs(AlterTopicConfigsCommand.incremental(topic.name(), operations,
                validateOnly));
    }
}
