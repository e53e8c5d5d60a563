package io.hexalog.application.service;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.partition.PartitionLog;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The partitions this broker hosts, opened from storage when the broker starts or a topic is created. */
public final class PartitionRegistry {

    /** A single broker is the only leader there has ever been: epoch 0. */
    static final int LEADER_EPOCH = 0;

    private final PartitionLogStore store;
    private final FetchPurgatory purgatory;
    private final LogConfig logDefaults;
    private final Map<TopicIdPartition, Partition> partitions = new ConcurrentHashMap<>();

    /** @param logDefaults what partition logs obey where their topic sets nothing (the broker's settings) */
    public PartitionRegistry(PartitionLogStore store, FetchPurgatory purgatory, LogConfig logDefaults) {
        this.store = store;
        this.purgatory = purgatory;
        this.logDefaults = logDefaults;
    }

    /** Opens the partitions of every topic in the catalog. */
    public void openAll(TopicCatalog catalog) {
        catalog.list().forEach(this::open);
    }

    void open(Topic topic) {
        LogConfig config = logConfig(topic);
        for (TopicIdPartition id : topic.partitions()) {
            partitions.computeIfAbsent(id, this::openPartition).reconfigure(config);
        }
    }

    /** Applies the topic's configuration to its open partitions. */
    void reconfigure(Topic topic) {
        LogConfig config = logConfig(topic);
        for (TopicIdPartition id : topic.partitions()) {
            Partition partition = partitions.get(id);
            if (partition != null) {
                partition.reconfigure(config);
            }
        }
    }

    /** The configuration a topic's logs obey: the broker's defaults with the topic's overrides. */
    LogConfig logConfig(Topic topic) {
        return logDefaults.withOverrides(topic.configs());
    }

    LogConfig logDefaults() {
        return logDefaults;
    }

    /** Every hosted partition, at this instant. */
    Collection<Partition> all() {
        return List.copyOf(partitions.values());
    }

    /** The hosted partitions a failed write took offline, at this instant. */
    Collection<Partition> offline() {
        return partitions.values().stream().filter(Partition::isOffline).toList();
    }

    /** Whether this broker hosts the partition and a failed write took it offline. Never blocks. */
    boolean isOffline(TopicIdPartition id) {
        Partition partition = partitions.get(id);
        return partition != null && partition.isOffline();
    }

    private Partition openPartition(TopicIdPartition id) {
        StoredLogState state = store.open(id);
        PartitionLog log = PartitionLog.recovered(
                state.logStartOffset(), state.logEndOffset(), LEADER_EPOCH, state.producerStates());
        return new Partition(id, log, store, purgatory::onCommitted);
    }

    void close(TopicId topicId) {
        partitions.keySet().removeIf(id -> id.topicId().equals(topicId));
    }

    /** The partition, if the broker hosts it. */
    Optional<Partition> find(TopicIdPartition id) {
        return Optional.ofNullable(partitions.get(id));
    }

    /** @throws UnknownTopicOrPartitionException if the broker does not host the partition */
    Partition get(TopicIdPartition id) {
        Partition partition = partitions.get(id);
        if (partition == null) {
            throw new UnknownTopicOrPartitionException("This broker does not host partition " + id);
        }
        return partition;
    }
}
