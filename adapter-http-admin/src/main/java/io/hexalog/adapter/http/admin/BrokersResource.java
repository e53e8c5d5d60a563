package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code .../brokers}: the brokers of the cluster and their configs. */
final class BrokersResource implements Resource {

    private static final String BROKERS = "/v3/clusters/{cluster_id}/brokers";

    private final ClusterScope scope;
    private final DescribeClusterQuery cluster;
    private final DescribeConfigsQuery configs;

    BrokersResource(ClusterScope scope, DescribeClusterQuery cluster, DescribeConfigsQuery configs) {
        this.scope = scope;
        this.cluster = cluster;
        this.configs = configs;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(BROKERS, this::list);
        routes.get(BROKERS + "/{broker_id}", this::get);
        routes.get(BROKERS + "/{broker_id}/configs", this::listConfigs);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        ctx.json(ResourceList.of("KafkaBrokerList", links.cluster("brokers"), cluster.brokers().stream()
                .map(broker -> BrokerData.of(links, cluster.clusterId(), broker))
                .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        ctx.json(BrokerData.of(links, cluster.clusterId(), scope.broker(ctx)));
    }

    /** Only the broker answering knows its configs; in a cluster, each broker answers for itself. */
    private void listConfigs(Context ctx) {
        Links links = scope.cluster(ctx);
        BrokerNode broker = scope.broker(ctx);
        if (broker.nodeId() != cluster.localBroker().nodeId()) {
            throw ApiException.notFound("Configs of broker " + broker.nodeId() + " are known to that broker only.");
        }
        ctx.json(ResourceList.of("KafkaBrokerConfigList", links.cluster("brokers", Integer.toString(broker.nodeId()),
                "configs"), configs.describeBrokerConfigs().stream()
                .map(entry -> ConfigData.ofBroker(links, cluster.clusterId(), broker.nodeId(), entry))
                .toList()));
    }
}
