package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code .../partitions/{partition_id}/replicas}: the brokers holding a partition, in the order the partition lists
 * them (its preferred leader first), each with whether it leads and whether it is in sync. On a single broker the
 * one replica is the broker itself, leading and in sync. {@code .../partitions/-/replicas} lists those of every
 * partition of the topic, partition by partition, in one answer.
 */
final class ReplicasResource implements Resource {

    private static final String REPLICAS = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}"
            + "/replicas";
    private static final String TOPIC_REPLICAS = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/-/replicas";

    private final ClusterScope scope;
    private final DescribeClusterQuery cluster;

    ReplicasResource(ClusterScope scope, DescribeClusterQuery cluster) {
        this.scope = scope;
        this.cluster = cluster;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        // before the partition's own: a path matches the first route added that fits it
        routes.get(TOPIC_REPLICAS, this::listOfTopic);
        routes.get(REPLICAS, this::list);
        routes.get(REPLICAS + "/{broker_id}", this::get);
    }

    private void list(Context ctx) {
        Replicas replicas = replicas(ctx);
        ctx.json(ResourceList.of("KafkaReplicaList", replicas.links().cluster("topics", replicas.topic().name().value(),
                        "partitions", Integer.toString(replicas.partition()), "replicas"),
                replicas.leadership().replicas().stream().map(replicas::of).toList()));
    }

    private void listOfTopic(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        List<ReplicaData> replicas = new ArrayList<>();
        for (int partition = 0; partition < topic.partitionCount(); partition++) {
            Replicas ofPartition = new Replicas(links, cluster.clusterId(), topic, partition,
                    cluster.leadership(topic.partition(partition)));
            ofPartition.leadership().replicas().forEach(broker -> replicas.add(ofPartition.of(broker)));
        }
        ctx.json(ResourceList.of("KafkaReplicaList",
                links.cluster("topics", topic.name().value(), "partitions", "-", "replicas"), replicas));
    }

    private void get(Context ctx) {
        Replicas replicas = replicas(ctx);
        String brokerId = ctx.pathParam("broker_id");
        int broker = replicas.leadership().replicas().stream()
                .filter(replica -> Integer.toString(replica).equals(brokerId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Broker " + brokerId + " holds no replica of partition "
                        + replicas.partition() + " of topic " + replicas.topic().name().value() + "."));
        ctx.json(replicas.of(broker));
    }

    /** The partition the path names, as the cluster describes it now; 404 for an unknown cluster, topic, partition. */
    private Replicas replicas(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        int partition = scope.partition(ctx, topic);
        return new Replicas(links, cluster.clusterId(), topic, partition,
                cluster.leadership(topic.partition(partition)));
    }

    private record Replicas(Links links, String clusterId, Topic topic, int partition,
                            PartitionLeadership leadership) {

        ReplicaData of(int broker) {
            return ReplicaData.of(links, clusterId, topic, partition, broker, leadership);
        }
    }
}
