package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking store keeps the port's contract, and counts the slices not yet released. */
class ReleaseTrackingPartitionLogStoreTest extends PartitionLogStoreContract {

    private ReleaseTrackingPartitionLogStore tracking;

    @Override
    protected PartitionLogStore createStore() {
        tracking = new ReleaseTrackingPartitionLogStore(new InMemoryPartitionLogStoreFake());
        return tracking;
    }

    @Override
    protected long bytesLentToSlices() {
        return tracking.unreleasedSlices();
    }

    @Test
    void shouldCountASliceUntilItsFirstRelease() {
        appendBatches(PARTITION, 2, 3);
        LogSlice first = readEverything(PARTITION, 0);
        LogSlice second = readEverything(PARTITION, 2);
        assertThat(tracking.unreleasedSlices()).isEqualTo(2);

        first.release();
        first.release();

        assertThat(tracking.unreleasedSlices()).isEqualTo(1);
        assertThat(tracking.slicesRead()).isEqualTo(2);
        second.release();
        assertThat(tracking.unreleasedSlices()).isZero();
    }

    @Test
    void shouldFailTheReadsOfAPartitionWhenToldTo() {
        appendBatches(PARTITION, 2);
        tracking.failReadsOf(PARTITION, new IllegalStateException("disk on fire"));

        assertThat(store().read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100)))
                .failsWithin(java.time.Duration.ofSeconds(1)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("disk on fire");
    }

    @Test
    void shouldNotCountAnEmptyRead() {
        await(store().read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100)));

        assertThat(tracking.slicesRead()).isZero();
    }
}
