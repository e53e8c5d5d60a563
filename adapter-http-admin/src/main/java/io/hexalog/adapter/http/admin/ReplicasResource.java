package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code .../partitions/{partition_id}/replicas}: the brokers holding a partition, in the order the partition lists
 * them (its preferred leader first), each with whether it leads and whether it is in sync. On a single broker the
 * one replica is the broker itself, leading and in sync.
 */
final class ReplicasResource implements Resource {

    private static final String REPLICAS = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}"
            + "/replicas";

    private final ClusterScope scope;
    private final DescribeClusterQuery cluster;

    ReplicasResource(ClusterScope scope, DescribeClusterQuery cluster) {
        this.scope = scope;
        this.cluster = cluster;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(REPLICAS, this::list);
        routes.get(REPLICAS + "/{broker_id}", this::get);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        int partition = scope.partition(ctx, topic);
        PartitionLeadership leadership = cluster.leadership(topic.partition(partition));
        String id = Integer.toString(partition);
        ctx.json(ResourceList.of("KafkaReplicaList",
                links.cluster("topics", topic.name().value(), "partitions", id, "replicas"),
                leadership.replicas().stream()
                        .map(broker -> ReplicaData.of(links, cluster.clusterId(), topic, partition, broker, leadership))
                        .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        int partition = scope.partition(ctx, topic);
        PartitionLeadership leadership = cluster.leadership(topic.partition(partition));
        String brokerId = ctx.pathParam("broker_id");
        int broker = leadership.replicas().stream()
                .filter(replica -> Integer.toString(replica).equals(brokerId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Broker " + brokerId + " holds no replica of partition "
                        + partition + " of topic " + topic.name().value() + "."));
        ctx.json(ReplicaData.of(links, cluster.clusterId(), topic, partition, broker, leadership));
    }
}
