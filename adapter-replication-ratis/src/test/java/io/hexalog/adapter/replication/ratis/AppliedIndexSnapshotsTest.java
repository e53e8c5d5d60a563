package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedIndexSnapshotsTest {

    @TempDir
    Path directory;

    private RaftStorage storage;

    @AfterEach
    void closeStorage() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void shouldFindTheLatestSnapshotInTheDirectoryWhenOpened() throws IOException {
        AppliedIndexSnapshots first = open();
        first.write(TermIndex.valueOf(1, 40));
        first.write(TermIndex.valueOf(2, 90));

        AppliedIndexSnapshots reopened = open();

        assertThat(reopened.latest().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 90));
    }

    @Test
    void shouldKnowThereIsNoSnapshotWithoutListingTheDirectoryAgain() throws IOException {
        AppliedIndexSnapshots snapshots = open();
        assertThat(snapshots.latest()).isNull();

        // a file the group did not write is not looked for: Ratis asks at every append request a follower receives
        Files.writeString(snapshots.file(1, 10), "written behind the group's back\n");

        assertThat(snapshots.latest()).as("the latest snapshot, known since the directory was listed").isNull();
        assertThat(snapshots.storage().getLatestSnapshot()).isNull();
    }

    @Test
    void shouldFindACopyBegunAndNotEndedAfterAReopenAndNoLongerOnceEnded() throws IOException {
        AppliedIndexSnapshots snapshots = open();
        assertThat(snapshots.copyUnfinished()).isFalse();

        snapshots.beginCopy();
        snapshots.write(TermIndex.valueOf(1, 12));
        AppliedIndexSnapshots reopened = open();

        assertThat(reopened.copyUnfinished()).as("a copy begun before the reopen").isTrue();
        assertThat(reopened.latest().getTermIndex()).as("the marker is no snapshot").isEqualTo(TermIndex.valueOf(1, 12));
        reopened.beginCopy();
        reopened.endCopy();
        assertThat(open().copyUnfinished()).as("a copy ended before the reopen").isFalse();
    }

    @Test
    void shouldMakeEachSnapshotWrittenTheLatest() throws IOException {
        AppliedIndexSnapshots snapshots = open();

        snapshots.write(TermIndex.valueOf(3, 7));
        assertThat(snapshots.storage().getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 7));
        snapshots.write(TermIndex.valueOf(3, 12), "metadata\n".getBytes());

        assertThat(snapshots.latest().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 12));
        assertThat(snapshots.latest().getFile().getPath()).hasContent("metadata");
    }

    @Test
    void shouldKeepOnlyTheNewestSnapshotsTheRetentionPolicySaysAndDropWhatAnInterruptedWriteLeftOnOpening()
            throws IOException {
        AppliedIndexSnapshots snapshots = open();
        for (long index = 10; index <= 50; index += 10) {
            snapshots.write(TermIndex.valueOf(2, index));
        }
        Files.writeString(snapshots.file(2, 60).resolveSibling("snapshot.2_60.tmp"), "cut short\n");

        snapshots.storage().cleanupOldSnapshots(new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return 2;
            }
        });

        try (Stream<Path> files = Files.list(snapshots.file(2, 50).getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).as("a write in progress is left alone")
                    .containsExactlyInAnyOrder("snapshot.2_40", "snapshot.2_50", "snapshot.2_60.tmp");
        }
        assertThat(snapshots.latest().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 50));
        AppliedIndexSnapshots reopened = open();
        assertThat(reopened.latest().getTermIndex()).as("found again when reopened").isEqualTo(TermIndex.valueOf(2, 50));
        try (Stream<Path> files = Files.list(snapshots.file(2, 50).getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).as("after reopening")
                    .containsExactlyInAnyOrder("snapshot.2_40", "snapshot.2_50");
        }
    }

    private AppliedIndexSnapshots open() throws IOException {
        if (storage != null) {
            storage.close();
        }
        storage = RaftStorage.newBuilder()
                .setDirectory(directory.toFile())
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.getDefault())
                .setStorageFreeSpaceMin(SizeInBytes.ONE_MB)
                .build();
        storage.initialize();
        AppliedIndexSnapshots snapshots = new AppliedIndexSnapshots();
        snapshots.init(storage);
        return snapshots;
    }
}
