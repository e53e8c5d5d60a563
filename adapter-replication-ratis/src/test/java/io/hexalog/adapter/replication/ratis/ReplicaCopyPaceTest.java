package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pace of a replica copy, on a clock that only moves when the pace sleeps or the test says so. */
class ReplicaCopyPaceTest {

    private static final long MIB = 1024 * 1024;

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private ReplicaCopyPace pace(long bytesPerSecond) {
        return new ReplicaCopyPace(bytesPerSecond, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        }, () -> { });
    }

    @Test
    void shouldTakeAsLongAsTheRateAsksForWhenChunksComeBackAtOnce() throws Exception {
        ReplicaCopyPace pace = pace(MIB);
        long began = now;

        for (int chunk = 0; chunk < 8; chunk++) {
            pace.copied(MIB / 4);
        }

        assertThat(now - began).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(sleeps).hasSize(8).allSatisfy(nanos -> assertThat(nanos).isEqualTo(250_000_000L));
    }

    @Test
    void shouldNotWaitForAChunkThatTookLongerThanTheRateNorLetTheNextOneBurst() throws Exception {
        ReplicaCopyPace pace = pace(MIB);

        now += TimeUnit.SECONDS.toNanos(3); // a slow leader: 1 MiB in 3 s
        pace.copied(MIB);
        pace.copied(MIB / 2); // at once: the line left free before is not saved up

        assertThat(sleeps).containsExactly(500_000_000L);
    }

    @Test
    void shouldGiveTheChunksOfEveryCopyOfTheNodeTheirTurnsOneAfterAnother() throws Exception {
        List<Long> waits = new ArrayList<>();
        ReplicaCopyPace pace = new ReplicaCopyPace(MIB, () -> now, waits::add, () -> { }); // the clock stands still

        pace.copied(MIB / 4); // one shard's chunk
        pace.copied(MIB / 4); // another shard's, arriving at the same moment

        assertThat(waits).containsExactly(250_000_000L, 500_000_000L);
    }

    @Test
    void shouldNeverWaitWithoutALimitAndAskForWholeChunks() throws Exception {
        ReplicaCopyPace pace = pace(0);

        for (int chunk = 0; chunk < 100; chunk++) {
            pace.copied(MIB);
        }

        assertThat(sleeps).isEmpty();
        assertThat(pace.chunkBytes((int) MIB)).isEqualTo((int) MIB);
    }

    @Test
    void shouldAskForAboutAQuarterOfASecondsWorthAtATime() {
        assertThat(pace(MIB).chunkBytes((int) MIB)).isEqualTo((int) (MIB / 4));
        assertThat(pace(100 * MIB).chunkBytes((int) MIB)).isEqualTo((int) MIB);
        assertThat(pace(1024).chunkBytes((int) MIB)).isEqualTo(ReplicaCopyPace.MIN_CHUNK_BYTES);
    }

    @Test
    void shouldStopWaitingWhenInterrupted() {
        ReplicaCopyPace pace = new ReplicaCopyPace(1024, () -> now, nanos -> {
            throw new InterruptedException();
        }, () -> { });

        assertThatThrownBy(() -> pace.copied(MIB)).isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.interrupted()).as("the interrupt kept").isTrue();
    }

    @Test
    void shouldWakeACopyWaitingItsTurnWhenTheNodeStops() throws Exception {
        ReplicaCopyPace pace = ReplicaCopyPace.of(1); // a chunk of 64 KiB would wait 18 hours
        CompletableFuture<Throwable> stopped = new CompletableFuture<>();
        Thread copier = new Thread(() -> {
            try {
                pace.copied(ReplicaCopyPace.MIN_CHUNK_BYTES);
                stopped.complete(null);
            } catch (InterruptedIOException e) {
                stopped.complete(e);
            }
        });
        copier.start();
        Thread.sleep(100);

        pace.close();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("stopping");
        assertThatThrownBy(() -> pace.copied(1)).as("a copy that asks after the node stopped")
                .isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void shouldRefuseANegativeRate() {
        assertThatThrownBy(() -> pace(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
