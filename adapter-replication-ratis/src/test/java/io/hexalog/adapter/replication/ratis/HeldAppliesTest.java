package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldAppliesTest {

    private static final long WAIT_SECONDS = 10;
    private static final KafkaStorageException STORE_FAILURE = new KafkaStorageException("No space left on device");

    private final HeldApplies held = new HeldApplies("shard-0", Duration.ofMillis(10));
    /** Whether the fake store takes writes. */
    private final AtomicBoolean storeWrites = new AtomicBoolean(false);
    /** The positions the fake store took, in the order it took them. */
    private final List<Long> stored = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        held.stop();
    }

    private HeldApplies.Attempt write(long position) {
        return () -> {
            if (!storeWrites.get()) {
                return CompletableFuture.failedFuture(new KafkaStorageException("No space left on device"));
            }
            stored.add(position);
            return CompletableFuture.completedFuture("stored " + position);
        };
    }

    /** The group's applying thread, waiting for the held commands before it applies the next entry. */
    private CompletableFuture<Boolean> applyingThread() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return held.awaitNoneHeld();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void shouldApplyTheHeldCommandsAgainInLogOrderOnceTheStoreTakesWrites() throws Exception {
        CompletableFuture<Object> second = held.hold(20, 2, STORE_FAILURE, write(20));
        CompletableFuture<Object> first = held.hold(10, 1, STORE_FAILURE, write(10));
        CompletableFuture<Object> third = held.hold(30, 3, STORE_FAILURE, write(30));
        Thread.sleep(50);
        assertThat(first).isNotDone();
        assertThat(held.storeMayLackApplied()).isTrue();

        storeWrites.set(true);

        assertThat(third.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("stored 30");
        assertThat(first).isCompletedWithValue("stored 10");
        assertThat(second).isCompletedWithValue("stored 20");
        assertThat(stored).containsExactly(10L, 20L, 30L);
        assertThat(held.storeMayLackApplied()).isFalse();
    }

    @Test
    void shouldKeepTheApplyingThreadWaitingUntilNoCommandIsHeld() throws Exception {
        held.hold(10, 1, STORE_FAILURE, write(10));
        CompletableFuture<Boolean> applying = applyingThread();
        Thread.sleep(50);
        assertThat(applying).isNotDone();

        storeWrites.set(true);

        assertThat(applying.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(held.awaitNoneHeld()).isTrue();
    }

    @Test
    void shouldEndWithTheLogsDecisionAFailureThatIsNotTheStoresWithoutTryingAgain() {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Object> outcome = held.hold(10, 1, STORE_FAILURE, () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new InvalidRecordException("bad batch"));
        });

        assertThatThrownBy(() -> outcome.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRecordException.class);
        assertThat(attempts).hasValue(1);
        assertThat(held.storeMayLackApplied()).isFalse();
    }

    @Test
    void shouldLetGoOfTheWaitingThreadAndFailWhatIsHeldWhenTheNodeStops() throws Exception {
        CompletableFuture<Object> outcome = held.hold(10, 1, STORE_FAILURE, write(10));
        CompletableFuture<Boolean> applying = applyingThread();
        Thread.sleep(50);

        held.stop();

        assertThat(applying.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> outcome.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(held.storeMayLackApplied()).as("the next start applies the held entry again").isTrue();
        assertThat(held.awaitNoneHeld()).as("nothing after the held entry is applied either").isFalse();
        storeWrites.set(true);
        Thread.sleep(50);
        assertThat(stored).isEmpty();
    }

    @Test
    void shouldLetTheGroupApplyOnAfterTheNodeStopsWithNothingHeld() throws Exception {
        held.stop();

        assertThat(held.awaitNoneHeld()).isTrue();
        assertThat(held.storeMayLackApplied()).isFalse();
    }

    @Test
    void shouldTellAStoresFailureFromTheLogsDecisions() {
        assertThat(HeldApplies.isStoreFailure(new KafkaStorageException("disk"))).isTrue();
        assertThat(HeldApplies.isStoreFailure(new java.util.concurrent.CompletionException(
                new KafkaStorageException("disk")))).isTrue();
        assertThat(HeldApplies.isStoreFailure(new InvalidRecordException("bad"))).isFalse();
    }
}
