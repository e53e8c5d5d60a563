package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/** {@code /v3/clusters}: the one cluster this broker belongs to. */
final class ClustersResource implements Resource {

    private final DescribeClusterQuery cluster;

    ClustersResource(DescribeClusterQuery cluster) {
        this.cluster = cluster;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/v3/clusters", this::list);
        routes.get("/v3/clusters/{cluster_id}", this::get);
    }

    private void list(Context ctx) {
        ctx.json(ResourceList.of("KafkaClusterList", Links.clustersUrl(ctx),
                List.of(ClusterData.of(Links.of(ctx, cluster.clusterId()), cluster))));
    }

    private void get(Context ctx) {
        String clusterId = ctx.pathParam("cluster_id");
        if (!clusterId.equals(cluster.clusterId())) {
            throw ApiException.notFound("Cluster " + clusterId + " cannot be found.");
        }
        ctx.json(ClusterData.of(Links.of(ctx, clusterId), cluster));
    }
}
