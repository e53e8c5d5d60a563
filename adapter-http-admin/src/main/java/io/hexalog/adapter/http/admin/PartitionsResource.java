package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.stream.IntStream;

/** {@code .../topics/{topic_name}/partitions}: a topic's partitions and who leads each. */
final class PartitionsResource implements Resource {

    private static final String PARTITIONS = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions";

    private final ClusterScope scope;
    private final DescribeClusterQuery cluster;

    PartitionsResource(ClusterScope scope, DescribeClusterQuery cluster) {
        this.scope = scope;
        this.cluster = cluster;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PARTITIONS, this::list);
        routes.get(PARTITIONS + "/{partition_id}", this::get);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        ctx.json(ResourceList.of("KafkaPartitionList", links.cluster("topics", topic.name().value(), "partitions"),
                IntStream.range(0, topic.partitionCount()).mapToObj(partition -> data(links, topic, partition))
                        .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        ctx.json(data(links, topic, scope.partition(ctx, topic)));
    }

    private PartitionData data(Links links, Topic topic, int partition) {
        return PartitionData.of(links, cluster.clusterId(), topic, partition,
                cluster.leadership(topic.partition(partition)));
    }
}
