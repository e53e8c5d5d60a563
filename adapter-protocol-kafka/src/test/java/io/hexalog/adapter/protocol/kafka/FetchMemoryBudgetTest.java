package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchMemoryBudgetTest {

    private final FetchMemoryBudget budget = new FetchMemoryBudget(1000);

    @Test
    void shouldGrantWhatAFetchWantsWhenTheBudgetHasRoom() {
        // when
        FetchMemoryBudget.Reservation reservation = budget.reserve(300).join();

        // then
        assertThat(reservation.bytes()).isEqualTo(300);
        assertThat(budget.reservedBytes()).isEqualTo(300);
    }

    @Test
    void shouldTrimAFetchToWhatIsLeft() {
        // given
        budget.reserve(700).join();

        // when
        FetchMemoryBudget.Reservation trimmed = budget.reserve(50_000_000).join();

        // then
        assertThat(trimmed.bytes()).isEqualTo(300);
        assertThat(budget.reservedBytes()).isEqualTo(1000);
    }

    @Test
    void shouldMakeAFetchWaitWhileNothingIsLeftAndGrantItOnRelease() {
        // given
        FetchMemoryBudget.Reservation all = budget.reserve(1000).join();

        // when
        CompletableFuture<FetchMemoryBudget.Reservation> waiting = budget.reserve(400);
        boolean grantedEarly = waiting.isDone();
        all.release();

        // then
        assertThat(grantedEarly).isFalse();
        assertThat(waiting).isCompleted();
        assertThat(waiting.join().bytes()).isEqualTo(400);
        assertThat(budget.reservedBytes()).isEqualTo(400);
    }

    @Test
    void shouldGrantWaitingFetchesInTheOrderTheyAsked() {
        // given
        FetchMemoryBudget.Reservation all = budget.reserve(1000).join();
        CompletableFuture<FetchMemoryBudget.Reservation> first = budget.reserve(900);
        CompletableFuture<FetchMemoryBudget.Reservation> second = budget.reserve(100);

        // when
        all.settle(950);

        // then the small second fetch would fit, but does not overtake the first
        assertThat(first).isCompleted();
        assertThat(first.join().bytes()).isEqualTo(50);
        assertThat(second).isNotDone();
        assertThat(budget.waitingFetches()).isEqualTo(1);
    }

    @Test
    void shouldGiveBackWhatAFetchDidNotReadWhenItSettles() {
        // given
        FetchMemoryBudget.Reservation reservation = budget.reserve(1000).join();
        CompletableFuture<FetchMemoryBudget.Reservation> waiting = budget.reserve(1000);

        // when
        reservation.settle(200);

        // then
        assertThat(waiting.join().bytes()).isEqualTo(800);
        assertThat(budget.reservedBytes()).isEqualTo(1000);
    }

    @Test
    void shouldCountAFirstBatchLargerThanTheReservationAndLetNobodyStartUntilThereIsRoom() {
        // given a fetch trimmed to 100 bytes reads one batch of 500 (KIP-74)
        budget.reserve(900).join();
        FetchMemoryBudget.Reservation trimmed = budget.reserve(1000).join();
        CompletableFuture<FetchMemoryBudget.Reservation> waiting = budget.reserve(10);

        // when
        trimmed.settle(500);

        // then the budget is exceeded by that one batch at most, and the next fetch waits
        assertThat(budget.reservedBytes()).isEqualTo(1400);
        assertThat(budget.peakReservedBytes()).isEqualTo(1400);
        assertThat(waiting).isNotDone();

        // when
        trimmed.release();

        // then
        assertThat(waiting.join().bytes()).isEqualTo(10);
    }

    @Test
    void shouldMakeEvenAFetchWantingNothingWaitForRoomSinceItMayReadOneBatch() {
        // given
        FetchMemoryBudget.Reservation all = budget.reserve(1000).join();

        // when
        CompletableFuture<FetchMemoryBudget.Reservation> nothing = budget.reserve(0);

        // then
        assertThat(nothing).isNotDone();
        all.release();
        assertThat(nothing.join().bytes()).isZero();
    }

    @Test
    void shouldReleaseOnlyOnceHoweverOftenAsked() {
        // given
        FetchMemoryBudget.Reservation first = budget.reserve(600).join();
        budget.reserve(400).join();

        // when
        first.release();
        first.release();
        first.settle(999);

        // then
        assertThat(budget.reservedBytes()).isEqualTo(400);
        assertThat(budget.peakReservedBytes()).isEqualTo(1000);
    }

    @Test
    void shouldRefuseANonPositiveBudgetAndNegativeAmounts() {
        assertThatThrownBy(() -> new FetchMemoryBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> budget.reserve(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.reserve(1).join().settle(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
