package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One Raft client per shard group, made when first needed, for the partition commands that any node may submit
 * (a transaction marker: the transaction coordinator need not lead the partition). A client finds the shard's
 * leader wherever it is and tries again while leadership moves.
 */
final class ShardClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardClients.class);

    private final RaftProperties properties;
    private final List<RaftGroup> shards;
    private final RetryPolicy retryPolicy;
    private final AtomicReferenceArray<RaftClient> clients;

    ShardClients(RaftProperties properties, List<RaftGroup> shards, RetryPolicy retryPolicy) {
        this.properties = properties;
        this.shards = List.copyOf(shards);
        this.retryPolicy = retryPolicy;
        this.clients = new AtomicReferenceArray<>(shards.size());
    }

    RaftClient of(int shard) {
        RaftClient client = clients.get(shard);
        if (client != null) {
            return client;
        }
        RaftClient made = RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(shards.get(shard))
                .setRetryPolicy(retryPolicy)
                .build();
        if (clients.compareAndSet(shard, null, made)) {
            return made;
        }
        closeQuietly(made);
        return clients.get(shard);
    }

    @Override
    public void close() {
        for (int shard = 0; shard < clients.length(); shard++) {
            RaftClient client = clients.getAndSet(shard, null);
            if (client != null) {
                closeQuietly(client);
            }
        }
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("Closing a shard client failed: {}", e.toString());
        }
    }
}
