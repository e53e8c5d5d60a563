package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a node of the cluster is started with.
 *
 * @param nodeId             this node's ID; one of the voters
 * @param voters             every node of the cluster and its replication address ({@code --quorum-voters})
 * @param storageDirectory   where this node keeps its Raft logs (under its {@code --data-dir})
 * @param maxEntryBytes      the largest command an entry must carry: a produce request's batches for one
 *                           partition, so at least {@code message.max.bytes}
 * @param electionTimeoutMin the shortest time a follower waits for its leader before it stands for election
 * @param electionTimeoutMax the longest such time; elections are spread between the two
 * @param requestTimeout     how long a submitted command may wait to be agreed before it fails
 * @param self               this node's Kafka endpoint as clients reach it, asked once the listener is bound
 * @param snapshots          whether this node's stores survive a restart, and so whether its shard groups
 *                           snapshot and purge their Raft logs
 * @param defaultReplicationFactor the replication factor of topics created without one: the node joins its
 *                           shard groups when it starts, those of other factors once a topic uses them
 * @param replicaCopyBytesPerSecond the most bytes of batches a second this node copies from the shard leaders
 *                           when it lost its data (ADR 14); 0 for no limit ({@link ReplicaCopyPace} refuses less)
 * @param storageReserve     the free space this node's data volume keeps: below it, the partitions it replicates
 *                           refuse produce
 * @param replicaLagTimeMax  how long a follower may go without holding what its shard's leader had committed before it
 *                           leaves the in-sync replicas ({@code replica.lag.time.max.ms}, {@link InSyncReplicas})
 */
public record ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                              Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                              Supplier<BrokerNode> self, Snapshots snapshots, int defaultReplicationFactor,
                              long replicaCopyBytesPerSecond, StorageReserve storageReserve,
                              Duration replicaLagTimeMax) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Kafka's default for {@code replica.lag.time.max.ms}. */
    public static final Duration DEFAULT_REPLICA_LAG_TIME_MAX = Duration.ofSeconds(30);

    public ClusterSettings {
        voters = List.copyOf(voters);
        Objects.requireNonNull(storageDirectory, "storageDirectory");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(storageReserve, "storageReserve");
        Objects.requireNonNull(replicaLagTimeMax, "replicaLagTimeMax");
        if (replicaLagTimeMax.isNegative() || replicaLagTimeMax.isZero()) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be positive, was "
                    + replicaLagTimeMax.toMillis());
        }
        if (voters.stream().noneMatch(voter -> voter.nodeId() == nodeId)) {
            throw new IllegalArgumentException("Node ID " + nodeId + " is not among the quorum voters " + voters);
        }
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("The election timeout's maximum must exceed its minimum");
        }
        if (defaultReplicationFactor < 1 || defaultReplicationFactor > voters.size()) {
            throw new IllegalArgumentException("The default replication factor must be between 1 and the number of "
                    + "voters, " + voters.size() + ", was " + defaultReplicationFactor);
        }
    }

    /** The settings of a node whose followers leave the in-sync replicas after Kafka's default lag. */
    public ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Supplier<BrokerNode> self, Snapshots snapshots, int defaultReplicationFactor,
                           long replicaCopyBytesPerSecond, StorageReserve storageReserve) {
        this(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                self, snapshots, defaultReplicationFactor, replicaCopyBytesPerSecond, storageReserve,
                DEFAULT_REPLICA_LAG_TIME_MAX);
    }

    /** The same settings, but followers leave the in-sync replicas after {@code lag}. */
    public ClusterSettings withReplicaLagTimeMax(Duration lag) {
        return new ClusterSettings(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, self, snapshots, defaultReplicationFactor, replicaCopyBytesPerSecond,
                storageReserve, lag);
    }

    /** The settings of a node that keeps no free space in reserve: it takes produce until its disk is full. */
    public ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Supplier<BrokerNode> self, Snapshots snapshots, int defaultReplicationFactor,
                           long replicaCopyBytesPerSecond) {
        this(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                self, snapshots, defaultReplicationFactor, replicaCopyBytesPerSecond, StorageReserve.NONE);
    }

    /** The settings of a node that copies its replicas, when it lost its data, as fast as the leaders answer. */
    public ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Supplier<BrokerNode> self, Snapshots snapshots, int defaultReplicationFactor) {
        this(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                self, snapshots, defaultReplicationFactor, 0);
    }

    /** The settings of a node whose topics have Kafka's default replication factor, min(3, number of voters). */
    public ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Supplier<BrokerNode> self, Snapshots snapshots) {
        this(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                self, snapshots, Math.min(3, voters.size()));
    }

    /** The settings of a node whose stores do not survive a restart: no snapshots, Raft logs kept whole. */
    public ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                           Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                           Supplier<BrokerNode> self) {
        this(nodeId, voters, storageDirectory, maxEntryBytes, electionTimeoutMin, electionTimeoutMax, requestTimeout,
                self, Snapshots.NONE);
    }

    /**
     * When the shard groups snapshot. Only a node whose stores survive a restart (RocksDB) may: a snapshot says
     * "the stores hold everything up to here", and Ratis then purges the log below it.
     *
     * @param storesSurviveRestart whether the partition logs are still there when the node starts again
     * @param everyEntries         a shard snapshots once its log grew by this many entries...
     * @param everyBytes           ...or by this many bytes of entries, whichever comes first
     * @param logSegmentBytes      the size at which a Raft log segment is closed and a new one begun; only closed
     *                             segments wholly below a snapshot are purged; 0 for the default (see
     *                             {@link RatisNode})
     * @param absentMemberLogRetention how long a shard's log is kept for a member that stopped following it; once
     *                             back, a member the log was purged past copies what its partitions lack from the
     *                             leader's ({@link AbsentMembers})
     */
    public record Snapshots(boolean storesSurviveRestart, long everyEntries, long everyBytes, long logSegmentBytes,
                            Duration absentMemberLogRetention) {

        /**
         * A snapshot costs a tiny file and a wait for the appends in flight, so it may be frequent; the log it lets
         * Ratis purge is the disk it saves. 32 MiB of entries: a busy node snapshots every few tens of MiB of log
         * whatever its producers' batch sizes (16 KiB by default in the Java client, up to 1 MB in librdkafka).
         */
        public static final long DEFAULT_EVERY_BYTES = 32L << 20;
        /** For entries of tiny batches: 16,384 entries of 1 KiB are 16 MiB. */
        public static final long DEFAULT_EVERY_ENTRIES = 16_384;
        /**
         * Long enough for a restart, a reboot or a short maintenance to catch up from the log; short enough that the
         * others' disks do not fill with entries kept for a node that is gone: at 10 MB/s of produce, 3 GB each.
         */
        public static final Duration DEFAULT_ABSENT_MEMBER_LOG_RETENTION = Duration.ofMinutes(5);

        /** Stores in memory: nothing snapshotted, every log kept whole and applied again on a restart. */
        public static final Snapshots NONE = new Snapshots(false, DEFAULT_EVERY_ENTRIES, DEFAULT_EVERY_BYTES, 0);

        public Snapshots {
            if (everyEntries < 1 || everyBytes < 1) {
                throw new IllegalArgumentException("Snapshots are taken every positive number of entries and bytes, "
                        + "not " + everyEntries + " and " + everyBytes);
            }
            if (logSegmentBytes < 0) {
                throw new IllegalArgumentException("A Raft log segment size cannot be negative: " + logSegmentBytes);
            }
            Objects.requireNonNull(absentMemberLogRetention, "absentMemberLogRetention");
            if (absentMemberLogRetention.isNegative() || absentMemberLogRetention.isZero()) {
                throw new IllegalArgumentException("A log is kept for an absent member for a positive time, not "
                        + absentMemberLogRetention.toMillis() + " ms");
            }
        }

        /** Snapshots whose shard logs are kept for an absent member for the default time. */
        public Snapshots(boolean storesSurviveRestart, long everyEntries, long everyBytes, long logSegmentBytes) {
            this(storesSurviveRestart, everyEntries, everyBytes, logSegmentBytes, DEFAULT_ABSENT_MEMBER_LOG_RETENTION);
        }

        /** The same snapshots, with the shard logs kept for an absent member for {@code retention}. */
        public Snapshots withAbsentMemberLogRetention(Duration retention) {
            return new Snapshots(storesSurviveRestart, everyEntries, everyBytes, logSegmentBytes, retention);
        }

        /** The default snapshots of a node whose stores do or do not survive a restart. */
        public static Snapshots of(boolean storesSurviveRestart) {
            return new Snapshots(storesSurviveRestart, DEFAULT_EVERY_ENTRIES, DEFAULT_EVERY_BYTES, 0);
        }
    }

    /**
     * The free space a node's data volume keeps for what cannot be refused: Raft's own files (a vote, the entries
     * other leaders send), RocksDB's flushes, the metadata log. Ratis fails a Raft log for good when a write of it
     * meets a full disk, and may leave its vote file empty, after which the node does not start; so before the
     * volume is full, a node tells the cluster it is low, and every partition it replicates refuses produce
     * (KAFKA_STORAGE_ERROR) until it has room again.
     *
     * @param minFreeBytes below this many free bytes the node is low; 0 for no reserve
     * @param freeBytes    the volume's free bytes now, as the node's user may use them
     */
    public record StorageReserve(long minFreeBytes, LongSupplier freeBytes) {

        /** No reserve: produce is taken until the disk is full. */
        public static final StorageReserve NONE = new StorageReserve(0, () -> Long.MAX_VALUE);

        public StorageReserve {
            if (minFreeBytes < 0) {
                throw new IllegalArgumentException("The free space to keep cannot be negative: " + minFreeBytes);
            }
            Objects.requireNonNull(freeBytes, "freeBytes");
        }

        /** A reserve of {@code minFreeBytes} on the volume holding {@code directory} (or its first existing parent). */
        public static StorageReserve of(long minFreeBytes, Path directory) {
            Path existing = directory.toAbsolutePath();
            while (existing.getParent() != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            Path volume = existing;
            // found once: finding a path's store reads the whole mount table, its free space is one system call
            AtomicReference<FileStore> store = new AtomicReference<>();
            return new StorageReserve(minFreeBytes, () -> {
                try {
                    FileStore found = store.get();
                    if (found == null) {
                        found = Files.getFileStore(volume);
                        store.set(found);
                    }
                    return found.getUsableSpace();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the free space of " + volume, e);
                }
            });
        }

        /**
         * Whether the volume is low: below the reserve or, for a volume that was low, below the reserve and a
         * sixteenth more, so that free space hovering at the reserve does not turn produce on and off.
         */
        boolean isLow(long free, boolean wasLow) {
            if (minFreeBytes == 0) {
                return false;
            }
            return free < (wasLow ? minFreeBytes + minFreeBytes / 16 : minFreeBytes);
        }
    }

    /** This node's own voter entry. */
    QuorumVoter selfVoter() {
        return voters.stream().filter(voter -> voter.nodeId() == nodeId).findFirst().orElseThrow();
    }
}
