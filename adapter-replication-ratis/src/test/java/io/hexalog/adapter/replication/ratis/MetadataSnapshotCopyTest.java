package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copy of a leader's metadata snapshot, chunk by chunk, against the leader's side of the exchange over real
 * snapshot files: the bytes arrive whole and in order, and a snapshot the leader replaces during the copy makes the
 * copy start again from the newer one.
 */
class MetadataSnapshotCopyTest {

    private static final int CHUNK = 1000;

    @TempDir
    Path directory;

    private final Random random = new Random(7);

    @Test
    void shouldCopyASnapshotLargerThanAChunkWholeAndInOrder() throws IOException {
        LeaderFiles leader = new LeaderFiles(directory);
        byte[] content = bytes(4 * CHUNK + 321);
        leader.take(TermIndex.valueOf(3, 640), content);
        List<String> asked = new ArrayList<>();

        MetadataSnapshotCopy.Copied copied = MetadataSnapshotCopy.copy(question -> {
            asked.add("asked");
            return MetadataSnapshotCopy.answer(question, leader);
        }, CHUNK);

        assertThat(copied.termIndex()).isEqualTo(TermIndex.valueOf(3, 640));
        assertThat(copied.content()).isEqualTo(content);
        assertThat(asked).hasSize(5);
    }

    @Test
    void shouldStartAgainFromTheNewerSnapshotWhenTheLeaderReplacesTheOneBeingCopied() throws IOException {
        LeaderFiles leader = new LeaderFiles(directory);
        leader.take(TermIndex.valueOf(3, 640), bytes(3 * CHUNK));
        byte[] newer = bytes(2 * CHUNK + 5);
        int[] questions = {0};

        MetadataSnapshotCopy.Copied copied = MetadataSnapshotCopy.copy(question -> {
            if (++questions[0] == 2) {
                // the leader takes a snapshot and drops the one the copy began with
                leader.take(TermIndex.valueOf(3, 700), newer);
                leader.drop(TermIndex.valueOf(3, 640));
            }
            return MetadataSnapshotCopy.answer(question, leader);
        }, CHUNK);

        assertThat(copied.termIndex()).isEqualTo(TermIndex.valueOf(3, 700));
        assertThat(copied.content()).isEqualTo(newer);
    }

    @Test
    void shouldFailWhenTheLeaderHoldsNoSnapshot() {
        LeaderFiles leader = new LeaderFiles(directory);

        assertThatThrownBy(() -> MetadataSnapshotCopy.copy(question -> MetadataSnapshotCopy.answer(question, leader),
                CHUNK)).isInstanceOf(IOException.class).hasMessageContaining("holds no snapshot");
    }

    @Test
    void shouldTellItsQuestionsFromOtherQueries() {
        assertThat(MetadataSnapshotCopy.isQuestion(new byte[] {1, 2})).isFalse();
        assertThat(MetadataSnapshotCopy.isQuestion("a query".getBytes())).isFalse();
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A leader's snapshot files in a directory, named as Ratis names them. */
    private static final class LeaderFiles implements MetadataSnapshotCopy.Held {

        private final Path directory;
        private SingleFileSnapshotInfo latest;

        LeaderFiles(Path directory) {
            this.directory = directory;
        }

        void take(TermIndex termIndex, byte[] content) {
            Path file = file(termIndex.getTerm(), termIndex.getIndex());
            try {
                Files.write(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            latest = new SingleFileSnapshotInfo(new FileInfo(file, null), termIndex);
        }

        void drop(TermIndex termIndex) {
            try {
                Files.delete(file(termIndex.getTerm(), termIndex.getIndex()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public SingleFileSnapshotInfo latest() {
            return latest;
        }

        @Override
        public Path file(long term, long index) {
            return directory.resolve("snapshot." + term + "_" + index);
        }
    }
}
