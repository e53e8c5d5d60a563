package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.MetadataProto;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LostVoteTest {

    private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf(1 << 20);

    @TempDir
    Path group;

    private Path voteFile;

    @BeforeEach
    void createGroupDirectories() throws IOException {
        Files.createDirectories(group.resolve("current"));
        Files.createDirectories(group.resolve("sm"));
        voteFile = group.resolve("current").resolve(LostVote.VOTE_FILE);
    }

    @Test
    void shouldLeaveAWholeVoteFileAsItIs() throws IOException {
        segment("log_0-1", 3, 3);
        String whole = "#\nterm=3\nvotedFor=node-2\n";
        Files.writeString(voteFile, whole);

        assertThat(LostVote.restoreIfLost(group, "shard-0", MAX_ENTRY)).isEmpty();
        assertThat(Files.readString(voteFile)).isEqualTo(whole);
    }

    @Test
    void shouldWriteAnEmptiedVoteFileAgainPastTheLastTermOfTheLogWithNoVote() throws IOException {
        segment("log_0-2", 1, 1, 2);
        segment("log_inprogress_3", 3, 4);
        configuration(2);
        Files.createFile(group.resolve("sm").resolve("snapshot.2_2"));
        Files.write(voteFile, new byte[0]);

        OptionalLong written = LostVote.restoreIfLost(group, "shard-0", MAX_ENTRY);

        assertThat(written).hasValue(4 + LostVote.TERM_MARGIN);
        Properties properties = read(voteFile);
        assertThat(properties.getProperty("term")).isEqualTo(Long.toString(4 + LostVote.TERM_MARGIN));
        assertThat(properties.getProperty("votedFor")).isEmpty();
        assertThat(LostVote.isWhole(voteFile)).isTrue();
        assertThat(group.resolve("current").resolve(LostVote.VOTE_FILE + ".tmp")).doesNotExist();
    }

    @Test
    void shouldReadTheLastTermFromTheLatestSegmentThatHoldsAnEntry() throws IOException {
        segment("log_0-2", 5, 6, 6);
        segment("log_inprogress_3");

        assertThat(LostVote.highestTerm(group, MAX_ENTRY)).isEqualTo(6);
    }

    @Test
    void shouldTakeTheTermOfASnapshotOrOfTheConfigurationWhereTheyArePastTheLog() throws IOException {
        segment("log_inprogress_40", 7);
        Files.createFile(group.resolve("sm").resolve("snapshot.9_39"));
        assertThat(LostVote.highestTerm(group, MAX_ENTRY)).as("past the log: a snapshot").isEqualTo(9);

        configuration(11);
        assertThat(LostVote.highestTerm(group, MAX_ENTRY)).as("past both: the configuration").isEqualTo(11);
    }

    @Test
    void shouldWriteAVoteFileThatHoldsNoTermAgain() throws IOException {
        segment("log_inprogress_0", 2);
        Files.writeString(voteFile, "term=\nvotedFor=node-1\n");

        assertThat(LostVote.restoreIfLost(group, "metadata", MAX_ENTRY)).hasValue(2 + LostVote.TERM_MARGIN);
        assertThat(LostVote.isWhole(voteFile)).isTrue();
    }

    @Test
    void shouldWriteAMissingVoteFileBesideALog() throws IOException {
        segment("log_inprogress_0", 1);

        assertThat(LostVote.restoreIfLost(group, "metadata", MAX_ENTRY)).hasValue(1 + LostVote.TERM_MARGIN);
        assertThat(LostVote.isWhole(voteFile)).isTrue();
    }

    @Test
    void shouldLeaveAGroupWithNeitherVoteFileNorLogToRatisWhichStartsItAfresh() throws IOException {
        assertThat(LostVote.restoreIfLost(group, "shard-1", MAX_ENTRY)).isEmpty();
        assertThat(voteFile).doesNotExist();
    }

    /** Writes a log segment as Ratis does, one entry per term given, from the index its name starts at. */
    private void segment(String name, long... terms) throws IOException {
        long index = Long.parseLong(name.replaceAll("^log_(inprogress_)?(\\d+).*$", "$2"));
        Path file = group.resolve("current").resolve(name);
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(file.toFile(), false, 1 << 20,
                4096, ByteBuffer.allocateDirect(64 * 1024))) {
            for (long term : terms) {
                out.write(LogEntryProto.newBuilder().setTerm(term).setIndex(index++)
                        .setMetadataEntry(MetadataProto.newBuilder().setCommitIndex(0)).build());
            }
        }
    }

    /** Writes the configuration entry Ratis keeps beside the log, in {@code term}. */
    private void configuration(long term) throws IOException {
        Files.write(group.resolve("current").resolve("raft-meta.conf"), LogEntryProto.newBuilder().setTerm(term)
                .setIndex(0).setMetadataEntry(MetadataProto.newBuilder().setCommitIndex(0)).build().toByteArray());
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }
}
