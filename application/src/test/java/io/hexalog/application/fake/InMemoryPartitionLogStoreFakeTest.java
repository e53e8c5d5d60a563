package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/** The fake keeps the store's contract, and holds, fails or refuses appends when a test asks it to. */
class InMemoryPartitionLogStoreFakeTest extends PartitionLogStoreContract {

    private InMemoryPartitionLogStoreFake fake;

    @Override
    protected PartitionLogStore createStore() {
        fake = new InMemoryPartitionLogStoreFake();
        return fake;
    }

    @Test
    void shouldHoldAppendsUntilReleased() {
        fake.holdAppends();
        CompletableFuture<Void> append = fake.append(PARTITION, List.of(nextBatch(PARTITION, aBatch())), List.of());

        assertThat(append).isNotDone();
        assertThat(fake.stored(PARTITION)).isEmpty();

        fake.releaseHeldAppends();
        assertThat(append).isCompleted();
        assertThat(fake.stored(PARTITION)).hasSize(1);
    }

    @Test
    void shouldFailAppendsWithAStorageErrorAndStoreNothing() {
        fake.failAppends();

        assertThat(fake.append(PARTITION, List.of(nextBatch(PARTITION, aBatch())), List.of()))
                .failsWithin(Duration.ZERO).withThrowableThat().withCauseInstanceOf(KafkaStorageException.class);
        assertThat(fake.stored(PARTITION)).isEmpty();
    }

    @Test
    void shouldRefuseAppendsAtOnceWhenFullAndTakeThemAgainOnceThereIsRoom() {
        fake.fill();

        CompletableFuture<Void> refused = fake.append(PARTITION, List.of(nextBatch(PARTITION, aBatch())), List.of());

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(StorageFullException.class);
        assertThat(fake.stored(PARTITION)).isEmpty();

        fake.makeRoom();
        appendBatch(PARTITION, aBatch());
        assertThat(fake.stored(PARTITION)).hasSize(1);
    }

    @Test
    void shouldNotLetCallersAlterStoredBytes() {
        RecordBatch batch = appendBatch(PARTITION, aBatch());

        batch.assignBaseOffset(99);

        assertThat(fake.stored(PARTITION).get(0).baseOffset()).isZero();
    }
}
