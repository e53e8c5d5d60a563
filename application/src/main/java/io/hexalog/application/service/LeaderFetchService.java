package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchParams.PartitionFetch;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.FetchResult.PartitionData;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fetch for the driving adapters that are not Kafka clients, read where each partition is led: the partitions this
 * broker leads by its own fetch, each other one by a Fetch sent to its leader on another broker of a cluster. A
 * Kafka client fetching from a broker that does not lead gets NOT_LEADER_OR_FOLLOWER and goes to the leader itself.
 * Only read-uncommitted reads are sent to another broker: a read-committed reader needs the offsets of abort
 * markers, which Fetch does not carry.
 */
final class LeaderFetchService implements FetchRecordsQuery {

    private final FetchRecordsQuery local;
    private final ClusterView cluster;
    private final RemotePartitionLeader remote;

    LeaderFetchService(FetchRecordsQuery local, ClusterView cluster, RemotePartitionLeader remote) {
        this.local = local;
        this.cluster = cluster;
        this.remote = remote;
    }

    @Override
    public CompletableFuture<FetchResult> fetch(FetchParams query) {
        List<PartitionFetch> led = new ArrayList<>();
        List<PartitionFetch> elsewhere = new ArrayList<>();
        for (PartitionFetch partition : query.partitions()) {
            (cluster.leads(partition.partition()) ? led : elsewhere).add(partition);
        }
        if (elsewhere.isEmpty()) {
            return local.fetch(query);
        }
        List<CompletableFuture<List<PartitionData>>> reads = new ArrayList<>();
        if (!led.isEmpty()) {
            reads.add(local.fetch(new FetchParams(led, query.maxWait(), query.minBytes(), query.maxBytes(),
                    query.isolation(), query.form())).thenApply(FetchResult::partitions));
        }
        for (PartitionFetch partition : elsewhere) {
            reads.add(fetchFromLeader(partition, query).thenApply(List::of));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<TopicIdPartition, PartitionData> read = new HashMap<>();
            reads.forEach(done -> done.join().forEach(data -> read.put(data.partition(), data)));
            // in the order asked, as a fetch answers
            return new FetchResult(query.partitions().stream().map(asked -> read.get(asked.partition())).toList());
        });
    }

    private CompletableFuture<PartitionData> fetchFromLeader(PartitionFetch partition, FetchParams query) {
        TopicIdPartition id = partition.partition();
        if (query.isolation() == IsolationLevel.READ_COMMITTED) {
            return CompletableFuture.completedFuture(new PartitionData.Failed(id, new NotLeaderOrFollowerException(
                    "This broker does not lead partition " + id + " now, and reads it committed only there")));
        }
        return LeaderLookup.leaderOf(cluster, id)
                .thenCompose(leader -> remote.fetch(leader, id.topicPartition(), partition.fetchOffset(),
                        Math.min(partition.maxBytes(), query.maxBytes()), query.maxWait(), query.minBytes()))
                .<PartitionData>thenApply(read -> new PartitionData.Read(id, read.highWatermark(),
                        read.lastStableOffset(), read.logStartOffset(), new LogSlice(read.batches())))
                .exceptionally(failure -> new PartitionData.Failed(id, asHexalogException(id, failure)));
    }

    private static HexalogException asHexalogException(TopicIdPartition partition, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HexalogException known) {
            return known;
        }
        return new NotLeaderOrFollowerException("Partition " + partition + " could not be read from its leader: "
                + cause);
    }
}
