package io.hexalog.application.service;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.partition.PartitionLog;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The partitions this broker hosts, opened from storage when the broker starts or a topic is created. */
public final class PartitionRegistry {

    /** A single broker is the only leader there has ever been: epoch 0. */
    static final int LEADER_EPOCH = 0;

    private final PartitionLogStore store;
    private final ClusterView cluster;
    private final FetchPurgatory purgatory;
    private final LogConfig logDefaults;
    private final Map<TopicIdPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Appends that came before their partition was opened, waiting for it in the order they came. */
    private final Map<TopicIdPartition, List<CompletableFuture<Partition>>> waiting = new HashMap<>();
    /** How many partitions appends wait for: written under the lock on {@link #waiting}, read without it. */
    private volatile int partitionsWaitedFor;
    /** Topics deleted on this broker: their IDs are never used again, so nothing waits for them. */
    private final Set<TopicId> deleted = ConcurrentHashMap.newKeySet();
    /**
     * The topics whose partitions this broker hosts, as last opened, by ID and by name: written under the lock on
     * {@link #waiting}.
     */
    private final Map<Object, Topic> opened = new ConcurrentHashMap<>();
    /**
     * Lookups by ID or by name that came before their topic was opened, waiting in the order they came; under the
     * same lock.
     */
    private final Map<Object, List<CompletableFuture<Optional<Topic>>>> arrivals = new HashMap<>();

    /**
     * @param cluster     who leads which partition, asked before serving a leader's request
     * @param logDefaults what partition logs obey where their topic sets nothing (the broker's settings)
     */
    public PartitionRegistry(PartitionLogStore store, ClusterView cluster, FetchPurgatory purgatory,
                             LogConfig logDefaults) {
        this.store = store;
        this.cluster = cluster;
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
            Partition partition = partitions.computeIfAbsent(id, this::openPartition);
            partition.reconfigure(config);
            wakeWaiting(id, partition);
        }
        synchronized (waiting) {
            opened.put(topic.id(), topic);
            opened.put(topic.name(), topic);
            // answered under the lock, so that no lookup that comes after overtakes them
            for (Object key : List.of(topic.id(), topic.name())) {
                List<CompletableFuture<Optional<Topic>>> arrived = arrivals.remove(key);
                if (arrived != null) {
                    arrived.forEach(arrival -> arrival.complete(Optional.of(topic)));
                }
            }
        }
    }

    /**
     * The topic once this broker hosts its partitions: at once if it does; otherwise when it opens them, if that
     * comes within {@code wait}, or empty. Lookups of the same topic are answered in the order they came, and
     * before any lookup that comes after the topic was opened.
     */
    CompletableFuture<Optional<Topic>> whenOpened(TopicId id, Duration wait) {
        return whenOpened(id, deleted.contains(id), wait);
    }

    /** As {@link #whenOpened(TopicId, Duration)}, for a topic named by name: the next one of that name opened. */
    CompletableFuture<Optional<Topic>> whenOpened(TopicName name, Duration wait) {
        return whenOpened(name, false, wait);
    }

    private CompletableFuture<Optional<Topic>> whenOpened(Object key, boolean gone, Duration wait) {
        CompletableFuture<Optional<Topic>> arrival = new CompletableFuture<>();
        synchronized (waiting) {
            Topic topic = opened.get(key);
            if (topic != null || gone || wait.isZero()) {
                return CompletableFuture.completedFuture(Optional.ofNullable(topic));
            }
            arrivals.computeIfAbsent(key, ignored -> new ArrayList<>()).add(arrival);
        }
        arrival.completeOnTimeout(Optional.empty(), wait.toMillis(), TimeUnit.MILLISECONDS);
        arrival.whenComplete((topic, failure) -> {
            synchronized (waiting) {
                List<CompletableFuture<Optional<Topic>>> waiters = arrivals.get(key);
                if (waiters != null && waiters.remove(arrival) && waiters.isEmpty()) {
                    arrivals.remove(key);
                }
            }
        });
        return arrival;
    }

    /**
     * The partition, once this broker hosts it. In a cluster a partition's records and its topic's creation
     * travel through different logs, so a broker may apply an append before it has applied the creation of
     * its topic: the append then waits for the partition, behind any append that waits already, so that the
     * appends of a partition are still made in the order they came.
     *
     * @return completes with the partition when it is hosted; fails with
     *         {@link UnknownTopicOrPartitionException} if its topic was deleted
     */
    CompletableFuture<Partition> whenHosted(TopicIdPartition id) {
        Partition hosted = partitions.get(id);
        if (hosted != null && partitionsWaitedFor == 0) {
            // the common case, and a single broker's only one: no lock on the produce path
            return CompletableFuture.completedFuture(hosted);
        }
        synchronized (waiting) {
            Partition partition = partitions.get(id);
            if (partition != null && !waiting.containsKey(id)) {
                return CompletableFuture.completedFuture(partition);
            }
            if (deleted.contains(id.topicId())) {
                return CompletableFuture.failedFuture(new UnknownTopicOrPartitionException(
                        "Partition " + id + " belongs to a deleted topic"));
            }
            CompletableFuture<Partition> wait = new CompletableFuture<>();
            waiting.computeIfAbsent(id, ignored -> new ArrayList<>()).add(wait);
            partitionsWaitedFor = waiting.size();
            if (partition != null) {
                wakeWaiting(id, partition);
            }
            return wait;
        }
    }

    /**
     * Completes the waiting appends under the lock, so that no later append can overtake them: each runs on this
     * thread as it is completed, and the partition counts as waited for until the last one has run, which sends
     * an append asked for meanwhile, on another thread, to wait for the lock rather than go ahead.
     */
    private void wakeWaiting(TopicIdPartition id, Partition partition) {
        synchronized (waiting) {
            List<CompletableFuture<Partition>> woken = waiting.get(id);
            if (woken != null) {
                // by index: an append released here may ask for its partition again, and is then queued last
                for (int i = 0; i < woken.size(); i++) {
                    woken.get(i).complete(partition);
                }
                waiting.remove(id);
                partitionsWaitedFor = waiting.size();
            }
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

    /** The hosted partitions this broker leads, at this instant: on a single broker, all of them. */
    Collection<Partition> led() {
        return partitions.values().stream().filter(partition -> cluster.leads(partition.id())).toList();
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
                state.logStartOffset(), state.logEndOffset(), LEADER_EPOCH, state.producerStates(),
                state.abortedTransactions());
        return new Partition(id, log, state.appliedLogIndex(), store, purgatory::onCommitted);
    }

    /** The IDs of the topics deleted on this broker, at this instant. */
    Set<TopicId> deletedTopics() {
        return Set.copyOf(deleted);
    }

    void close(TopicId topicId) {
        List<CompletableFuture<Partition>> failed = new ArrayList<>();
        synchronized (waiting) {
            deleted.add(topicId);
            Topic closed = opened.remove(topicId);
            if (closed != null) {
                opened.remove(closed.name(), closed);
            }
            partitions.keySet().removeIf(id -> id.topicId().equals(topicId));
            waiting.entrySet().removeIf(entry -> {
                if (entry.getKey().topicId().equals(topicId)) {
                    failed.addAll(entry.getValue());
                    return true;
                }
                return false;
            });
            partitionsWaitedFor = waiting.size();
        }
        failed.forEach(wait -> wait.completeExceptionally(
                new UnknownTopicOrPartitionException("Topic " + topicId + " was deleted")));
    }

    /**
     * A partition this broker leads, for the requests only a leader serves (produce, fetch, list offsets,
     * delete records).
     *
     * @throws UnknownTopicOrPartitionException if the broker does not host the partition
     * @throws NotLeaderOrFollowerException     if it hosts it but another broker leads it
     */
    Partition led(TopicIdPartition id) {
        Partition partition = get(id);
        if (!cluster.leads(id)) {
            throw new NotLeaderOrFollowerException("This broker does not lead partition " + id + " now");
        }
        return partition;
    }

    /**
     * A partition this broker leads, as {@link #led} gives it, waiting first if the broker is becoming its leader
     * ({@link ClusterView#whenLeads}): for a produce, which is better held a moment than sent away.
     *
     * @return fails with {@link UnknownTopicOrPartitionException} if the broker does not host the partition, with
     *         {@link NotLeaderOrFollowerException} if another broker leads it
     */
    CompletableFuture<Partition> whenLed(TopicIdPartition id) {
        Partition partition;
        try {
            partition = get(id);
        } catch (UnknownTopicOrPartitionException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (cluster.leads(id)) {
            return CompletableFuture.completedFuture(partition);
        }
        return cluster.whenLeads(id).thenApply(leads -> {
            if (!leads) {
                throw new NotLeaderOrFollowerException("This broker does not lead partition " + id + " now");
            }
            return partition;
        });
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
