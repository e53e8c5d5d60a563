package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a node does, as it starts, with a group whose vote file a failed write emptied.
 *
 * <p>Ratis keeps a member's current term, and whom it voted for in it, in the group's {@code current/raft-meta}. It
 * writes the file through a stream that puts the new file in place as it closes, even when the write failed: a vote
 * written on a full disk leaves the file empty, and Ratis then refuses to open the group ("'term' not found"), so the
 * node no longer starts. The vote itself is gone, and Raft's safety rests on it: a member must never vote for two
 * candidates in one term. So the file is written again, before the Raft server opens the group, with no vote and a
 * term past any the group can have reached: the highest term this node's log, snapshots and configuration file hold,
 * plus {@link #TERM_MARGIN}. A member can have voted past that highest term only in elections whose leader sent it
 * no entry before it stopped, a few at most, where the margin allows a million (a group's term grows by one per
 * election). The member then refuses every request of a lower term; the group elects a leader past the new
 * term, and leader epochs, derived from terms, keep growing.
 */
final class LostVote {

    private static final Logger LOG = LoggerFactory.getLogger(LostVote.class);
    /** How far past the highest term this node's files hold the rewritten vote file's term is. */
    static final long TERM_MARGIN = 1_000_000;
    static final String VOTE_FILE = "raft-meta";
    private static final String CONFIGURATION_FILE = "raft-meta.conf";
    /** Ratis' keys in the vote file. */
    private static final String TERM = "term";
    private static final String VOTED_FOR = "votedFor";

    private LostVote() {
    }

    /**
     * Writes the group's vote file again if it is empty or unreadable, or missing beside a log.
     *
     * @param groupDirectory the group's directory, which holds {@code current/} and {@code sm/}
     * @param groupName      the group's name, for the log line
     * @param maxEntryBytes  the largest entry the group's log may hold
     * @return the term written, or empty if the vote file was whole (or the group has no log yet)
     * @throws IOException if the group's files cannot be read, or the vote file cannot be written
     */
    static OptionalLong restoreIfLost(Path groupDirectory, String groupName, SizeInBytes maxEntryBytes)
            throws IOException {
        Path current = groupDirectory.resolve("current");
        Path voteFile = current.resolve(VOTE_FILE);
        if (Files.exists(voteFile) ? isWhole(voteFile) : segments(current).isEmpty()) {
            return OptionalLong.empty();
        }
        long highest = highestTerm(groupDirectory, maxEntryBytes);
        long term = highest + TERM_MARGIN;
        write(voteFile, term);
        LOG.warn("The {} group's vote file ({}) held no term, as a write that failed on a full disk leaves it: it is "
                        + "written again at term {}, past any term the group can have reached (its files here reach "
                        + "term {}), with no vote, so that this node never votes twice in one term; the group elects "
                        + "a leader past that term", groupName, voteFile, term, highest);
        return OptionalLong.of(term);
    }

    /** Whether the vote file names a term and a vote (empty for none), as Ratis reads it. */
    static boolean isWhole(Path voteFile) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(voteFile, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String term = properties.getProperty(TERM);
        if (term == null || properties.getProperty(VOTED_FOR) == null) {
            return false;
        }
        try {
            return Long.parseLong(term.trim()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The highest term the group's files on this node hold: its log's last entry (terms only grow along a log), its
     * snapshots' names and its configuration file; 0 if none holds one.
     */
    static long highestTerm(Path groupDirectory, SizeInBytes maxEntryBytes) throws IOException {
        Path current = groupDirectory.resolve("current");
        long highest = 0;
        for (LogSegmentPath segment : segments(current)) {
            OptionalLong last = lastTermIn(segment, maxEntryBytes);
            if (last.isPresent()) {
                highest = last.getAsLong();
                break;
            }
        }
        Path stateMachine = groupDirectory.resolve("sm");
        if (Files.isDirectory(stateMachine)) {
            try (Stream<Path> files = Files.list(stateMachine)) {
                for (Path file : files.toList()) {
                    if (SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(file.getFileName().toString()).matches()) {
                        highest = Math.max(highest,
                                SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile()).getTerm());
                    }
                }
            }
        }
        return Math.max(highest, configurationTerm(current.resolve(CONFIGURATION_FILE)).orElse(0L));
    }

    /** The group's log segments, the latest first. */
    private static List<LogSegmentPath> segments(Path current) throws IOException {
        if (!Files.isDirectory(current)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(current)) {
            return files.map(LogSegmentPath::matchLogSegment)
                    .filter(segment -> segment != null)
                    .sorted(Comparator.comparing(LogSegmentPath::getStartEnd).reversed())
                    .toList();
        }
    }

    /** The term of the segment's last whole entry, read as Ratis reads a log it opens; empty if it holds none. */
    private static OptionalLong lastTermIn(LogSegmentPath segment, SizeInBytes maxEntryBytes) throws IOException {
        AtomicLong last = new AtomicLong(-1);
        LogSegment.readSegmentFile(segment.getPath().toFile(), segment.getStartEnd(), maxEntryBytes,
                RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN, null,
                entry -> last.accumulateAndGet(entry.getTerm(), Math::max));
        return last.get() < 0 ? OptionalLong.empty() : OptionalLong.of(last.get());
    }

    /** The term of the configuration entry Ratis keeps beside the log, if the file is there and readable. */
    private static Optional<Long> configurationTerm(Path configurationFile) {
        if (!Files.exists(configurationFile)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(configurationFile)) {
            return Optional.of(LogEntryProto.parseFrom(in).getTerm());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the vote file as Ratis does, with no vote, forced and moved into place. */
    private static void write(Path voteFile, long term) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(TERM, Long.toString(term));
        properties.setProperty(VOTED_FOR, "");
        StringWriter written = new StringWriter();
        properties.store(written, "written again by Hexalog: the file held no term");
        DurableFiles.replace(voteFile, written.toString().getBytes(StandardCharsets.UTF_8));
        DurableFiles.forceDirectory(voteFile.getParent());
    }
}
