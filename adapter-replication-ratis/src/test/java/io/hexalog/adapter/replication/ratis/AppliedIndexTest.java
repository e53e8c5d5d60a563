package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedIndexTest {

    @Test
    void shouldStartWithNothingAppliedAndAnswerAWaitForWhatIsAppliedAtOnce() {
        AppliedIndex applied = new AppliedIndex();
        assertThat(applied.get()).isEqualTo(AppliedIndex.NONE);

        applied.reach(7);

        assertThat(applied.get()).isEqualTo(7);
        assertThat(applied.whenReached(7)).isCompleted();
        assertThat(applied.whenReached(3)).isCompleted();
    }

    @Test
    void shouldLetWaitsGoUpToTheIndexReachedAndNoFurther() {
        AppliedIndex applied = new AppliedIndex();
        CompletableFuture<Void> five = applied.whenReached(5);
        CompletableFuture<Void> anotherFive = applied.whenReached(5);
        CompletableFuture<Void> six = applied.whenReached(6);
        CompletableFuture<Void> nine = applied.whenReached(9);

        applied.reach(4);
        assertThat(List.of(five, anotherFive, six, nine)).noneMatch(CompletableFuture::isDone);

        applied.reach(6);
        assertThat(five).isCompleted();
        assertThat(anotherFive).isCompleted();
        assertThat(six).isCompleted();
        assertThat(nine).isNotDone();

        applied.reach(12);
        assertThat(nine).isCompleted();
    }

    @Test
    void shouldNeverGoBackWhenALowerIndexIsReachedLater() {
        AppliedIndex applied = new AppliedIndex();
        applied.reach(10);

        applied.reach(8);

        assertThat(applied.get()).isEqualTo(10);
        assertThat(applied.whenReached(9)).isCompleted();
    }

    @Test
    void shouldLeaveNoWaitBehindWhileAnotherThreadMovesTheIndex() throws Exception {
        AppliedIndex applied = new AppliedIndex();
        int last = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread applying = new Thread(() -> {
            awaitQuietly(start);
            for (long index = 0; index <= last; index++) {
                applied.reach(index);
            }
        }, "applying");
        applying.start();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        start.countDown();
        for (long index = 0; index <= last; index++) {
            waits.add(applied.whenReached(index));
        }
        applying.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(applying.isAlive()).isFalse();
        assertThat(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))).succeedsWithin(5, TimeUnit.SECONDS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
