package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a node does, as it starts, with a metadata log the others purged past while it was away.
 *
 * <p>The metadata group snapshots past a member absent for long ({@link AbsentMembers}), as the shards do, so that its
 * log does not grow for as long as a node stays down. That node's metadata log then ends before the others' start:
 * applied as it stands, it would fill the node's metadata stores up to where it stopped, and the leader, whose log no
 * longer holds the next entry, could only have the node install its snapshot on top of them, which
 * {@link CommandStateMachine#notifyInstallSnapshotFromLeader} refuses (a snapshot is the whole state, not what follows
 * a state). So before its Raft server opens the group, a node whose metadata log may have been purged past asks each
 * other node where its metadata log starts (a stale read of the metadata group, which every running member answers);
 * if one starts past this node's last entry, the node drops its own metadata log and snapshots, and starts as a node
 * whose data directory was emptied does: it copies the leader's latest metadata snapshot
 * ({@link MetadataSnapshotCopy}) and follows the log from there. Its metadata stores are emptied at every start
 * anyway, and its partitions are not touched. The group's term and vote ({@code raft-meta}) are kept.
 *
 * <p>The others purge past a member only once its commit index has stood still for the whole absence retention, and
 * a member's last write to its log is about when its commit index stopped: a log written within half of the
 * retention (the other half a margin for that "about") cannot have been purged past, and an ordinary restart asks
 * nothing. Where the log starts "past" is where a Ratis leader would tell the member to install a snapshot rather than
 * send it entries: after the member's last entry, or at the entry right after it where the leader holds neither that
 * entry nor a snapshot at it; dropping a log the leader could still have sent entries after costs only the copy of a
 * snapshot.
 *
 * <p>Any node's answer counts, the leader's or a follower's: a follower that purged further than the leader makes the
 * node copy a snapshot it might have done without, and one that purged less than an unanswering leader leaves the
 * node on a log the leader then refuses to send. A node that no other node answers (the whole cluster starting at
 * once) starts on its own log too. Such a node is told to install the leader's snapshot, refuses once with the reason,
 * and leaves a mark ({@link #markCutOff}) so that its next start asks, whenever its log was written (Ratis rewrites
 * the open segment as it opens it), and drops its log once another node answers, whatever the answer: a restart
 * while the others run then copies the snapshot. (A log's end also counts entries no one committed, which a leader
 * cuts off; the mark keeps such a node from being refused at every start.)
 */
final class StaleMetadataLog {

    private static final Logger LOG = LoggerFactory.getLogger(StaleMetadataLog.class);
    /** "HXLS": where does the metadata log of the node that answers start? */
    private static final int QUESTION = 0x48584C53;
    private static final Pattern CLOSED_SEGMENT = Pattern.compile("log_(\\d+)-(\\d+)");
    private static final Pattern OPEN_SEGMENT = Pattern.compile("log_inprogress_(\\d+)");
    /** The mark, beside the group's {@code current/} and {@code sm/}, of a node that refused the leader's snapshot. */
    static final String CUT_OFF_MARK = "metadata-cut-off";

    /** Asks another node where its metadata log starts. */
    @FunctionalInterface
    interface Peers {
        /** The first index node {@code nodeId}'s metadata log holds; blocks briefly, fails if it does not answer. */
        long logStart(int nodeId) throws IOException;
    }

    private StaleMetadataLog() {
    }

    static byte[] question() {
        return ByteBuffer.allocate(Integer.BYTES).putInt(QUESTION).array();
    }

    /** Whether {@code message} is this question, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length == Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /**
     * What a member answers: the first index of its log, as its leader would compare a follower's next index with.
     *
     * @param logStart         the first index its Raft log holds, or -1 where it holds none
     * @param latestSnapshot   the index of its latest snapshot, or -1
     */
    static byte[] answer(long logStart, long latestSnapshot) {
        long start = logStart >= 0 ? logStart : latestSnapshot + 1;
        return ByteBuffer.allocate(Long.BYTES).putLong(start).array();
    }

    static long readAnswer(byte[] answer) throws IOException {
        if (answer.length != Long.BYTES) {
            throw new IOException("A node answered where its metadata log starts in " + answer.length + " bytes");
        }
        return ByteBuffer.wrap(answer).getLong();
    }

    /**
     * Drops the metadata log in {@code groupDirectory} if another node's starts past it; see above.
     *
     * @param keptFor how long the others keep a log for a member that stopped ({@code --replica-absence-max-ms}):
     *                a log written within half of it is not asked about, unless the node was cut off
     * @param maxEntryBytes the largest entry the log may hold, as Ratis reads it
     * @return whether the log was dropped
     */
    static boolean dropIfPurgedPast(Path groupDirectory, List<Integer> others, Peers peers, Duration keptFor,
                                    SizeInBytes maxEntryBytes, long nowMillis) throws IOException {
        Optional<Long> written = lastWrittenMillis(groupDirectory);
        boolean cutOff = Files.exists(groupDirectory.resolve(CUT_OFF_MARK));
        if (written.isEmpty() || !cutOff && nowMillis - written.get() < keptFor.toMillis() / 2) {
            return false;
        }
        long end = logEnd(groupDirectory, maxEntryBytes);
        Map<Integer, Long> starts = askAll(others, peers);
        if (starts.isEmpty()) {
            LOG.info("This node's metadata log was last written {} s ago and no other node answered where its own "
                    + "starts: starting on this node's log, which ends at index {}",
                    (nowMillis - written.get()) / 1000, end);
            return false;
        }
        Optional<Map.Entry<Integer, Long>> past = starts.entrySet().stream()
                .filter(start -> start.getValue() > end).findFirst();
        if (past.isPresent()) {
            LOG.warn("This node's metadata log ends at index {} and node {}'s starts at index {}: the others no longer "
                    + "keep what this node lacks, having snapshotted past it while it was away. Dropping this node's "
                    + "metadata log to copy the leader's latest metadata snapshot instead; its partitions are kept",
                    end, past.get().getKey(), past.get().getValue());
        } else if (cutOff) {
            // the leader found the log behind its own start, which no answer explains (an entry of this node's
            // past the others' starts that no one committed, or a leader that did not answer): copying is safe
            LOG.warn("This node refused the metadata leader's snapshot when it last ran, its metadata log ending at "
                    + "index {}. Dropping this node's metadata log to copy the leader's latest metadata snapshot "
                    + "instead; its partitions are kept", end);
        } else {
            return false;
        }
        drop(groupDirectory);
        return true;
    }

    /**
     * Marks the metadata group of {@code groupDirectory} as refused by this node, which applied part of the metadata,
     * so that its next start asks the others where their logs start however recently its own was written.
     */
    static void markCutOff(Path groupDirectory) throws IOException {
        DurableFiles.mark(groupDirectory.resolve(CUT_OFF_MARK));
    }

    private static Map<Integer, Long> askAll(List<Integer> others, Peers peers) {
        Map<Integer, Long> starts = new TreeMap<>();
        List<Thread> askers = new ArrayList<>();
        for (int node : others) {
            Thread asker = new Thread(() -> {
                try {
                    long start = peers.logStart(node);
                    synchronized (starts) {
                        starts.put(node, start);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Node {} did not say where its metadata log starts: {}", node, e.toString());
                }
            }, "hexalog-cluster-metadata-log-start-" + node);
            asker.setDaemon(true);
            asker.start();
            askers.add(asker);
        }
        for (Thread asker : askers) {
            try {
                asker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (starts) {
            return new TreeMap<>(starts);
        }
    }

    /** When the group's log segments or snapshots were last written, if it has any. */
    static Optional<Long> lastWrittenMillis(Path groupDirectory) throws IOException {
        long latest = -1;
        for (Path file : files(groupDirectory)) {
            if (segmentStart(file) >= 0 || isSnapshot(file)) {
                latest = Math.max(latest, Files.getLastModifiedTime(file).toMillis());
            }
        }
        return latest < 0 ? Optional.empty() : Optional.of(latest);
    }

    /**
     * The last index the group's log or snapshots on this node hold, -1 if none: closed segments say it in their
     * names, the open one is read to its last whole entry, as Ratis reads it when it opens the log.
     */
    static long logEnd(Path groupDirectory, SizeInBytes maxEntryBytes) throws IOException {
        long end = -1;
        for (Path file : files(groupDirectory)) {
            String name = file.getFileName().toString();
            Matcher closed = CLOSED_SEGMENT.matcher(name);
            if (closed.matches()) {
                end = Math.max(end, Long.parseLong(closed.group(2)));
            } else if (isSnapshot(file)) {
                end = Math.max(end, SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile()).getIndex());
            } else if (OPEN_SEGMENT.matcher(name).matches()) {
                end = Math.max(end, lastIndexIn(file, maxEntryBytes));
            }
        }
        return end;
    }

    private static long lastIndexIn(Path openSegment, SizeInBytes maxEntryBytes) throws IOException {
        LogSegmentPath segment = LogSegmentPath.matchLogSegment(openSegment);
        if (segment == null) {
            return -1;
        }
        AtomicLong last = new AtomicLong(-1);
        LogSegment.readSegmentFile(openSegment.toFile(), segment.getStartEnd(), maxEntryBytes,
                RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN, null,
                entry -> last.accumulateAndGet(entry.getIndex(), Math::max));
        return last.get();
    }

    /** The group's log segments, in {@code current/}, and its snapshots, in {@code sm/}. */
    private static List<Path> files(Path groupDirectory) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String directory : List.of("current", "sm")) {
            Path dir = groupDirectory.resolve(directory);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> listed = Files.list(dir)) {
                    listed.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    /**
     * Deletes the group's log segments, the newest first, then everything in its state machine directory, and the
     * cut-off mark. A crash part-way leaves the oldest segments and the snapshots, a log that starts where it did and
     * ends earlier: the next start, finding it as far behind, drops the rest.
     */
    private static void drop(Path groupDirectory) throws IOException {
        List<Path> segments = new ArrayList<>();
        List<Path> stateMachineFiles = new ArrayList<>();
        for (Path file : files(groupDirectory)) {
            if (segmentStart(file) >= 0) {
                segments.add(file);
            } else if (file.getParent().getFileName().toString().equals("sm")) {
                stateMachineFiles.add(file);
            }
        }
        segments.sort(Comparator.comparingLong(StaleMetadataLog::segmentStart).reversed());
        for (Path segment : segments) {
            Files.delete(segment);
        }
        if (!segments.isEmpty()) {
            DurableFiles.forceDirectory(groupDirectory.resolve("current"));
        }
        for (Path file : stateMachineFiles) {
            Files.delete(file);
        }
        if (!stateMachineFiles.isEmpty()) {
            DurableFiles.forceDirectory(groupDirectory.resolve("sm"));
        }
        DurableFiles.unmark(groupDirectory.resolve(CUT_OFF_MARK));
    }

    /**
     * The first index of a log segment, from its name ({@code log_<start>-<end>} or {@code log_inprogress_<start>});
     * -1 for another file.
     */
    private static long segmentStart(Path file) {
        String name = file.getFileName().toString();
        Matcher closed = CLOSED_SEGMENT.matcher(name);
        Matcher open = OPEN_SEGMENT.matcher(name);
        return closed.matches() ? Long.parseLong(closed.group(1))
                : open.matches() ? Long.parseLong(open.group(1)) : -1;
    }

    /** Whether {@code file} is a snapshot, named as Ratis names them ({@code snapshot.<term>_<index>}). */
    private static boolean isSnapshot(Path file) {
        return SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(file.getFileName().toString()).matches();
    }
}
