package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.group.GroupId;
import io.javalin.http.Context;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Extension: {@code .../consumer-groups/{consumer_group_id}/configs}, a group's own configs (KIP-848's
 * {@code consumer.session.timeout.ms}, {@code consumer.heartbeat.interval.ms}), as {@code kafka-configs.sh
 * --entity-type groups} reads and sets them. Any group ID has configs, whether a group of that ID exists or not, as
 * in Kafka; its consumer-protocol members get a change from their next heartbeat on.
 */
final class GroupConfigsResource extends ConfigsResource<GroupId> {

    private final DescribeConfigsQuery configs;
    private final AlterGroupConfigsUseCase alterConfigs;

    GroupConfigsResource(ClusterScope scope, DescribeConfigsQuery configs, AlterGroupConfigsUseCase alterConfigs,
                         RequestBodies bodies) {
        super("/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/configs", scope, bodies);
        this.configs = configs;
        this.alterConfigs = alterConfigs;
    }

    @Override
    GroupId owner(Context ctx) {
        return GroupLookup.groupId(ctx);
    }

    @Override
    List<ConfigEntry> describe(GroupId group) {
        return configs.describeGroupConfigs(group);
    }

    @Override
    String name(GroupId group) {
        return "consumer group " + group.value();
    }

    @Override
    ConfigData data(Links links, String clusterId, GroupId group, ConfigEntry entry) {
        return ConfigData.ofGroup(links, clusterId, group.value(), entry);
    }

    @Override
    ResourceList<ConfigData> list(Links links, GroupId group, List<ConfigData> data) {
        return ResourceList.of("KafkaConsumerGroupConfigList", links.cluster("consumer-groups", group.value(),
                "configs"), data);
    }

    @Override
    CompletableFuture<?> change(GroupId group, List<AlterConfigOp> operations, boolean validateOnly) {
        return alterConfigs.alterGroupConfigs(AlterGroupConfigsCommand.incremental(group, operations, validateOnly));
    }
}
