package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.BecomingLeader.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BecomingLeaderTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final Map<Integer, Role> roles = new ConcurrentHashMap<>();
    private final AtomicLong nanos = new AtomicLong();
    private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();
    private final BecomingLeader becoming = new BecomingLeader(shard -> roles.getOrDefault(shard, Role.OTHER),
            releaser, MAX_WAIT, nanos::get);

    @AfterEach
    void stop() {
        becoming.close();
        releaser.shutdownNow();
    }

    @Test
    void shouldLetARequestThroughAtOnceWhereThisNodeServesOrSendItAwayWhereItDoesNotLead() {
        roles.put(0, Role.READY);
        roles.put(1, Role.OTHER);

        assertThat(becoming.whenReady(0)).isCompletedWithValue(true);
        assertThat(becoming.whenReady(1)).isCompletedWithValue(false);
        assertThat(becoming.holding(0)).isFalse();
    }

    @Test
    void shouldHoldRequestsWhileThisNodeIsElectedAndLetThemThroughInTheOrderTheyCameOnceItServes() {
        roles.put(0, Role.ELECTED);
        List<String> handedOn = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> first = becoming.whenReady(0);
        first.thenRun(() -> handedOn.add("first"));
        CompletableFuture<Boolean> second = becoming.whenReady(0);
        second.thenRun(() -> handedOn.add("second"));

        assertThat(first).isNotDone();
        assertThat(becoming.holding(0)).isTrue();
        roles.put(0, Role.READY);
        // one that comes once the node serves, while the others are still held, waits behind them
        CompletableFuture<Boolean> third = becoming.whenReady(0);
        CompletableFuture<Void> thirdHandedOn = third.thenRun(() -> handedOn.add("third"));
        becoming.check();

        assertThat(thirdHandedOn).succeedsWithin(Duration.ofSeconds(5));
        assertThat(List.of(first.join(), second.join(), third.join())).containsOnly(true);
        assertThat(handedOn).containsExactly("first", "second", "third");
        assertThat(eventually(() -> !becoming.holding(0))).as("nothing held once all are handed on").isTrue();
    }

    @Test
    void shouldSendHeldRequestsAwayWhenThisNodeStopsLeadingOrTheyWaitedTooLong() {
        roles.put(0, Role.ELECTED);
        roles.put(1, Role.ELECTED);
        CompletableFuture<Boolean> lost = becoming.whenReady(0);
        CompletableFuture<Boolean> tooLong = becoming.whenReady(1);

        roles.put(0, Role.OTHER);
        assertThat(lost).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(false);
        assertThat(tooLong).as("still within the wait").isNotDone();

        nanos.addAndGet(MAX_WAIT.toNanos() + 1);
        assertThat(tooLong).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(false);
    }

    @Test
    void shouldSendHeldRequestsAwayWhenTheNodeCloses() {
        roles.put(0, Role.ELECTED);
        CompletableFuture<Boolean> held = becoming.whenReady(0);

        becoming.close();

        assertThat(held).isCompletedWithValue(false);
    }

    /** Whether the condition holds within five seconds. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
