package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * {@code .../topics/{topic_name}/partitions}: a topic's partitions, who leads each, and (an extension) the
 * offsets each log begins and ends at.
 */
final class PartitionsResource implements Resource {

    private static final String PARTITIONS = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions";

    private final ClusterScope scope;
    private final DescribeClusterQuery cluster;
    private final ListOffsetsQuery listOffsets;

    PartitionsResource(ClusterScope scope, DescribeClusterQuery cluster, ListOffsetsQuery listOffsets) {
        this.scope = scope;
        this.cluster = cluster;
        this.listOffsets = listOffsets;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PARTITIONS, this::list);
        routes.get(PARTITIONS + "/{partition_id}", this::get);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        List<CompletableFuture<PartitionData>> partitions = IntStream.range(0, topic.partitionCount())
                .mapToObj(partition -> data(links, topic, partition))
                .toList();
        CompletableFuture<List<PartitionData>> all = CompletableFuture.allOf(partitions.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> partitions.stream().map(CompletableFuture::join).toList());
        Answers.json(ctx, all, 200, data -> ResourceList.of("KafkaPartitionList",
                links.cluster("topics", topic.name().value(), "partitions"), data));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        Answers.json(ctx, data(links, topic, scope.partition(ctx, topic)), 200, data -> data);
    }

    private CompletableFuture<PartitionData> data(Links links, Topic topic, int partition) {
        return PartitionOffsets.of(listOffsets, topic.partition(partition))
                .thenApply(offsets -> PartitionData.of(links, cluster.clusterId(), topic, partition,
                        cluster.leadership(topic.partition(partition)), offsets));
    }
}
