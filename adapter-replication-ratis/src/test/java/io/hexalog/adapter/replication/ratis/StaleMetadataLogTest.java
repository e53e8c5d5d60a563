package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A starting node drops its metadata log only where another node's starts past it, and asks only where its log is
 * old enough for that; the full story, on three real nodes, is in {@link MetadataSnapshotsTest}.
 */
class StaleMetadataLogTest {

    private static final Duration KEPT_FOR = Duration.ofMinutes(5);
    private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf(1 << 20);
    private static final long NOW = 1_800_000_000_000L;
    private static final long LONG_AGO = NOW - KEPT_FOR.toMillis();

    @TempDir
    Path group;

    private final Map<Integer, Integer> asked = new ConcurrentHashMap<>();

    @BeforeEach
    void writeALogEndingAtIndex120() throws IOException {
        Files.createDirectories(group.resolve("current"));
        Files.createDirectories(group.resolve("sm"));
        write("current/raft-meta", LONG_AGO);
        write("current/log_0-63", LONG_AGO);
        write("current/log_64-120", LONG_AGO);
        write("sm/snapshot.1_100", LONG_AGO);
    }

    @Test
    void shouldReadWhereTheLogEndsFromItsSegmentsAndSnapshots() throws IOException {
        assertThat(StaleMetadataLog.logEnd(group, MAX_ENTRY)).isEqualTo(120);

        write("sm/snapshot.2_150", LONG_AGO);

        assertThat(StaleMetadataLog.logEnd(group, MAX_ENTRY)).as("a snapshot past the last segment").isEqualTo(150);
    }

    @Test
    void shouldDropTheLogAndSnapshotsButKeepTheVoteWhereAnotherNodesLogStartsPastIt() throws IOException {
        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 90L, 2, 300L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).isTrue();
        assertThat(names("current")).containsExactly("raft-meta");
        assertThat(names("sm")).isEmpty();
        assertThat(StaleMetadataLog.logEnd(group, MAX_ENTRY)).isEqualTo(-1);
    }

    @Test
    void shouldKeepALogTheOthersStillFollowOn() throws IOException {
        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 120L, 2, 64L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).as("another node's log starts at the log's last entry").isFalse();
        assertThat(names("current")).containsExactlyInAnyOrder("raft-meta", "log_0-63", "log_64-120");
        assertThat(names("sm")).containsExactly("snapshot.1_100");
    }

    @Test
    void shouldDropALogWhereAnotherNodesStartsRightAfterItsLastEntry() throws IOException {
        // the leader may hold neither the entry before its log's first nor a snapshot at it: Ratis then has the
        // member install a snapshot rather than send it entries
        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 121L, 2, 64L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).isTrue();
        assertThat(names("current")).containsExactly("raft-meta");
    }

    @Test
    void shouldAskWhereTheNodeWasCutOffHoweverRecentlyItsLogWasWritten() throws IOException {
        write("current/log_64-120", NOW - 1_000);
        StaleMetadataLog.markCutOff(group);

        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 300L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).isTrue();
        assertThat(asked).containsOnlyKeys(1, 2);
        assertThat(names("current")).containsExactly("raft-meta");
        assertThat(group.resolve(StaleMetadataLog.CUT_OFF_MARK)).as("the mark, once the log is dropped")
                .doesNotExist();
    }

    @Test
    void shouldDropTheLogOfANodeCutOffBeforeOnceAnotherNodeAnswersWhateverItsStart() throws IOException {
        StaleMetadataLog.markCutOff(group);

        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 64L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).as("the leader found the log behind its start, which the answer does not explain")
                .isTrue();
        assertThat(group.resolve(StaleMetadataLog.CUT_OFF_MARK)).doesNotExist();
        assertThat(names("current")).containsExactly("raft-meta");
    }

    @Test
    void shouldKeepTheLogAndTheMarkOfANodeCutOffBeforeWhereNoOtherNodeAnswers() throws IOException {
        StaleMetadataLog.markCutOff(group);

        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of()), KEPT_FOR,
                MAX_ENTRY, NOW);

        assertThat(dropped).isFalse();
        assertThat(group.resolve(StaleMetadataLog.CUT_OFF_MARK)).exists();
        assertThat(names("current")).hasSize(3);
    }

    @Test
    void shouldKeepTheLogWhereNoOtherNodeAnswers() throws IOException {
        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of()), KEPT_FOR,
                MAX_ENTRY, NOW);

        assertThat(dropped).isFalse();
        assertThat(asked).containsOnlyKeys(1, 2);
        assertThat(names("current")).hasSize(3);
    }

    @Test
    void shouldNotAskWhereTheLogWasWrittenTooRecentlyForTheOthersToHavePurgedPastIt() throws IOException {
        write("current/log_inprogress_121", NOW - KEPT_FOR.toMillis() / 2 + 1);

        boolean dropped = StaleMetadataLog.dropIfPurgedPast(group, List.of(1, 2), answering(Map.of(1, 300L)),
                KEPT_FOR, MAX_ENTRY, NOW);

        assertThat(dropped).isFalse();
        assertThat(asked).as("nodes asked").isEmpty();
        assertThat(names("current")).hasSize(4);
    }

    @Test
    void shouldAnswerWhereTheLogStartsOrAfterTheSnapshotWhereItHoldsNoEntry() throws IOException {
        assertThat(StaleMetadataLog.readAnswer(StaleMetadataLog.answer(64, 100))).isEqualTo(64);
        assertThat(StaleMetadataLog.readAnswer(StaleMetadataLog.answer(-1, 100))).isEqualTo(101);
        assertThat(StaleMetadataLog.readAnswer(StaleMetadataLog.answer(-1, -1))).isZero();
        assertThat(StaleMetadataLog.isQuestion(StaleMetadataLog.question())).isTrue();
        assertThat(StaleMetadataLog.isQuestion(StoppingMembers.question())).isFalse();
    }

    /** Nodes that answer with the given log starts; any other node does not answer. */
    private StaleMetadataLog.Peers answering(Map<Integer, Long> starts) {
        return node -> {
            asked.merge(node, 1, Integer::sum);
            Long start = starts.get(node);
            if (start == null) {
                throw new IOException("Node " + node + " did not answer");
            }
            return StaleMetadataLog.readAnswer(StaleMetadataLog.answer(start, -1));
        };
    }

    private void write(String file, long modifiedMillis) throws IOException {
        Path path = group.resolve(file);
        Files.write(path, new byte[] {1});
        Files.setLastModifiedTime(path, FileTime.fromMillis(modifiedMillis));
    }

    private List<String> names(String directory) throws IOException {
        try (Stream<Path> files = Files.list(group.resolve(directory))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
