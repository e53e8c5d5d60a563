package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
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
 * a state). So before its Raft server opens the group, a node whose metadata log was last written long enough ago
 * for that to have happened asks each other node where its metadata log starts (a stale read of the metadata group,
 * which every running member answers); if one starts past the entry after this node's last, the node drops its own
 * metadata log and snapshots, and starts as a node whose data directory was emptied does: it copies the leader's
 * latest metadata snapshot ({@link MetadataSnapshotCopy}) and follows the log from there. Its metadata stores are
 * emptied at every start anyway, and its partitions are not touched. The group's term and vote ({@code raft-meta})
 * are kept.
 *
 * <p>A node that no other node answers (the whole cluster starting at once) starts on its own log. Should the others
 * have purged past it, the metadata leader's request to install its snapshot is refused, once, with the reason, and a
 * restart, once the others run, copies the snapshot.
 */
final class StaleMetadataLog {

    private static final Logger LOG = LoggerFactory.getLogger(StaleMetadataLog.class);
    /** "HXLS": where does the metadata log of the node that answers start? */
    private static final int QUESTION = 0x48584C53;
    private static final Pattern CLOSED_SEGMENT = Pattern.compile("log_(\\d+)-(\\d+)");
    private static final Pattern OPEN_SEGMENT = Pattern.compile("log_inprogress_(\\d+)");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

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
     *                a log written within half of it is not asked about
     * @return whether the log was dropped
     */
    static boolean dropIfPurgedPast(Path groupDirectory, List<Integer> others, Peers peers, Duration keptFor,
                                    SizeInBytes maxEntryBytes, long nowMillis) throws IOException {
        Optional<Long> written = lastWrittenMillis(groupDirectory);
        if (written.isEmpty() || nowMillis - written.get() < keptFor.toMillis() / 2) {
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
                .filter(start -> start.getValue() > end + 1).findFirst();
        if (past.isEmpty()) {
            return false;
        }
        LOG.warn("This node's metadata log ends at index {} and node {}'s starts at index {}: the others no longer "
                + "keep what this node lacks, having snapshotted past it while it was away. Dropping this node's "
                + "metadata log to copy the leader's latest metadata snapshot instead; its partitions are kept",
                end, past.get().getKey(), past.get().getValue());
        drop(groupDirectory);
        return true;
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
            return Map.copyOf(starts);
        }
    }

    /** When the group's log segments or snapshots were last written, if it has any. */
    static Optional<Long> lastWrittenMillis(Path groupDirectory) throws IOException {
        AtomicLong latest = new AtomicLong(-1);
        for (Path file : files(groupDirectory)) {
            String name = file.getFileName().toString();
            if (CLOSED_SEGMENT.matcher(name).matches() || OPEN_SEGMENT.matcher(name).matches()
                    || SNAPSHOT.matcher(name).matches()) {
                latest.accumulateAndGet(Files.getLastModifiedTime(file).toMillis(), Math::max);
            }
        }
        return latest.get() < 0 ? Optional.empty() : Optional.of(latest.get());
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
            Matcher snapshot = SNAPSHOT.matcher(name);
            if (closed.matches()) {
                end = Math.max(end, Long.parseLong(closed.group(2)));
            } else if (snapshot.matches()) {
                end = Math.max(end, Long.parseLong(snapshot.group(2)));
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

    /** Deletes the group's log segments and everything in its state machine directory, then forces both. */
    private static void drop(Path groupDirectory) throws IOException {
        for (Path file : files(groupDirectory)) {
            String name = file.getFileName().toString();
            boolean segment = CLOSED_SEGMENT.matcher(name).matches() || OPEN_SEGMENT.matcher(name).matches();
            if (segment || file.getParent().getFileName().toString().equals("sm")) {
                Files.delete(file);
            }
        }
        for (String directory : List.of("current", "sm")) {
            Path dir = groupDirectory.resolve(directory);
            if (Files.isDirectory(dir)) {
                try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        }
    }
}
