package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RestartNeedTest {

    private static final long MIB = 1L << 20;

    private final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    /** How many times a stopped group was marked for the next start. */
    private final AtomicInteger marks = new AtomicInteger();

    @Test
    void shouldNeedARestartAtOnceForANodeCutOffFromTheMetadataLog() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(256 * MIB, freeBytes::get));
        freeBytes.set(0);

        need.cutOffFromMetadata();

        assertThat(need.whenNeeded()).isCompletedWithValue(RestartNeed.CUT_OFF);
    }

    @Test
    void shouldNeedARestartForAGroupThatStoppedTakingEntriesOnlyOnceTheVolumeHasTheReserveAndItsMarginFree() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(256 * MIB, freeBytes::get));
        CompletableFuture<String> needed = need.whenNeeded();
        freeBytes.set(MIB);

        need.groupStopped("shard-1", "its log failed a write: No space left on device", marks::incrementAndGet);
        assertThat(needed).as("on a full volume").isNotDone();
        freeBytes.set(256 * MIB + 16 * MIB - 1);
        need.look();
        assertThat(needed).as("short of the reserve's margin").isNotDone();
        freeBytes.set(256 * MIB + 16 * MIB);
        need.look();

        assertThat(needed).isCompletedWithValue("it takes no more entries of the shard-1 group (its log failed a "
                + "write: No space left on device) until it starts again; the data volume has 285212672 bytes free");
        assertThat(marks).as("the group marked for the next start").hasPositiveValue();
    }

    @Test
    void shouldWaitUntilEveryStoppedGroupIsMarkedForTheNextStart() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(0, freeBytes::get));
        AtomicBoolean markable = new AtomicBoolean();

        need.groupStopped("shard-0", "its log failed a write: No space left on device", () -> {
            if (!markable.get()) {
                throw new IOException("No space left on device");
            }
        });
        assertThat(need.whenNeeded()).as("while the mark cannot be written").isNotDone();
        markable.set(true);
        need.look();

        assertThat(need.whenNeeded()).isDone();
    }

    @Test
    void shouldWaitForTheLeastRoomWithoutAReserve() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(0, freeBytes::get));
        freeBytes.set(RestartNeed.MIN_ROOM_BYTES - 1);

        need.groupStopped("metadata", "Ratis closed the group on this node while the node ran", marks::incrementAndGet);
        assertThat(need.whenNeeded()).isNotDone();
        freeBytes.set(RestartNeed.MIN_ROOM_BYTES);
        need.look();

        assertThat(need.whenNeeded()).isDone();
    }

    @Test
    void shouldNameEveryGroupThatStoppedOnceEachWithItsFirstReason() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(0, freeBytes::get));
        freeBytes.set(0);

        need.groupStopped("shard-2", "its log failed a write: No space left on device", marks::incrementAndGet);
        need.groupStopped("shard-0", "its log failed a write: Input/output error", marks::incrementAndGet);
        need.groupStopped("shard-2", "Ratis closed the group on this node while the node ran", marks::incrementAndGet);
        freeBytes.set(RestartNeed.MIN_ROOM_BYTES);
        need.look();

        assertThat(need.whenNeeded().join()).startsWith("it takes no more entries of the shard-0 group (its log "
                + "failed a write: Input/output error), the shard-2 group (its log failed a write: No space left on "
                + "device) until it starts again");
    }

    @Test
    void shouldNeverNeedARestartForANodeWhoseGroupsTakeTheirEntries() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(0, freeBytes::get));

        need.look();

        assertThat(need.whenNeeded()).isNotDone();
    }

    @Test
    void shouldWaitWhileTheVolumesFreeSpaceCannotBeRead() {
        RestartNeed need = new RestartNeed(new ClusterSettings.StorageReserve(0, () -> {
            throw new IllegalStateException("unreadable");
        }));

        need.groupStopped("shard-1", "its log failed a write: Input/output error", marks::incrementAndGet);

        assertThat(need.whenNeeded()).isNotDone();
    }
}
