package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's Ratis configuration, made from its {@link ClusterSettings}: where it listens and stores its logs, its
 * election timeouts, the sizes that let an entry carry the largest batch, and each setting that differs from Ratis'
 * default, with why.
 */
final class RatisProperties {

    /** Room around the largest command for the entry's and the RPC's own framing. */
    private static final int FRAMING_BYTES = 64 * 1024;
    /** A Raft log segment's size unless the largest entry needs more: what is purged, whole segments at a time. */
    private static final long DEFAULT_SEGMENT_BYTES = 16L << 20;

    private RatisProperties() {
    }

    /** The properties of the node's Ratis server, and of the clients it sends commands and questions with. */
    static RaftProperties of(ClusterSettings settings) {
        RaftProperties properties = new RaftProperties();
        QuorumVoter self = settings.selfVoter();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(properties, self.host());
        GrpcConfigKeys.Server.setPort(properties, self.port());
        RaftServerConfigKeys.setStorageDir(properties, List.of(settings.storageDirectory().toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, duration(settings.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, duration(settings.electionTimeoutMax()));
        int entryBytes = entryBytes(settings);
        SizeInBytes rpcBytes = SizeInBytes.valueOf(Math.max(8L << 20, 4L * entryBytes));
        GrpcConfigKeys.setMessageSizeMax(properties, rpcBytes);
        // Ratis wants its write buffer to hold what one append to a follower may carry, plus a little.
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf(entryBytes));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf(entryBytes + FRAMING_BYTES));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(properties, 2);
        long segmentBytes = segmentBytes(settings);
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(segmentBytes));
        RaftServerConfigKeys.Log.setPreallocatedSize(properties, SizeInBytes.valueOf(Math.min(1L << 20, segmentBytes)));
        // No entry of Ratis' own each time the commit index moves: the metadata group announces its commits itself
        // (CommitAnnouncer), and in the shard groups the next producer batch carries it.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
        // A follower writes each request's entries as they come rather than one request at a time, each waiting
        // until the previous one is forced to disk (RATIS-2235): more appends in flight, fewer waits.
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(properties, false);
        // Ratis' default kept on purpose: an entry counts as held once its log is forced, whatever --fsync says.
        // Its "unsafe flush" (counted once written, forced unwaited) was measured slower here (ADR 19).
        snapshots(properties);
        return properties;
    }

    /**
     * What a node applies in a shard after a member stopped before the shard's log is purged past it
     * ({@link AbsentMembers}): twice the largest segment (its limit and one entry) and the appends that may be in
     * flight to a follower (Ratis' outstanding appends, each at most its buffer).
     */
    static long absentMarginBytes(ClusterSettings settings) {
        long entryBytes = entryBytes(settings);
        return 2 * (segmentBytes(settings) + entryBytes)
                + GrpcConfigKeys.Server.LEADER_OUTSTANDING_APPENDS_MAX_DEFAULT * entryBytes;
    }

    private static int entryBytes(ClusterSettings settings) {
        return settings.maxEntryBytes() + FRAMING_BYTES;
    }

    private static long segmentBytes(ClusterSettings settings) {
        return settings.snapshots().logSegmentBytes() > 0 ? settings.snapshots().logSegmentBytes()
                : Math.max(DEFAULT_SEGMENT_BYTES, 4L * entryBytes(settings));
    }

    /**
     * Shard groups of a node whose stores survive a restart snapshot every so many entries or bytes, and the
     * metadata group does on every node: {@link CommandStateMachine} counts them and asks Ratis, at an index
     * {@link SnapshotPlacement} chooses, and Ratis purges the log up to the snapshot's index. That index is never
     * past what every member of the group has committed, so that a member that was briefly down catches up from
     * the log, except, in a shard, a member away for longer than the absent member's log retention
     * ({@link AbsentMembers}). Ratis never sends a snapshot itself: a member that would need one is told so by
     * {@link CommandStateMachine#notifyInstallSnapshotFromLeader}, where a metadata member that holds nothing copies
     * the leader's, and a shard member copies what its partitions lack from the leader's.
     */
    private static void snapshots(RaftProperties properties) {
        // the state machines count entries and bytes and ask for snapshots themselves: Ratis' trigger would ask
        // again after every applied batch while a snapshot waits for a member (see SnapshotPlacement)
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, false);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        // the state machines choose the snapshot's index so that the purge leaves each member what it needs
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        // Purging only deletes closed segments wholly below the index: cheap, so after every snapshot.
        RaftServerConfigKeys.Log.setPurgeGap(properties, 1);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
    }

    private static TimeDuration duration(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
