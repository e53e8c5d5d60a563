package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;
import io.hexalog.application.testdata.UnreadBytesInMemory;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracking store keeps the port's contract, counts the slices not yet released, whether read or read to send, and
 * hands on a slice read to send in the form the store it wraps gave it.
 */
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
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("disk on fire");
    }

    @Test
    void shouldNotCountAnEmptyRead() {
        await(store().read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100)));

        assertThat(tracking.slicesRead()).isZero();
    }

    @Test
    void shouldCountASliceReadToSendUntilItsFirstRelease() {
        appendBatches(PARTITION, 2, 3);
        LogSlice slice = await(store().readToSend(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100_000)));
        assertThat(tracking.unreleasedSlices()).isEqualTo(1);

        slice.release();
        slice.release();

        assertThat(tracking.unreleasedSlices()).isZero();
        assertThat(tracking.slicesRead()).isEqualTo(1);
    }

    @Test
    void shouldFailAndHoldReadsToSendAsItDoesReads() {
        appendBatches(PARTITION, 2);
        TopicIdPartition failing = new TopicIdPartition(TOPIC_ID, TOPIC, 1);
        tracking.failReadsOf(failing, new IllegalStateException("disk on fire"));

        tracking.holdReads();
        CompletableFuture<LogSlice> held = store().readToSend(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100));

        assertThat(store().readToSend(failing, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100)))
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("disk on fire");
        assertThat(held).isNotDone();
        assertThat(tracking.heldReads()).isEqualTo(1);
        tracking.releaseHeldReads();
        assertThat(baseOffsets(await(held))).containsExactly(0L);
        assertThat(tracking.heldReads()).isZero();
    }

    @Test
    void shouldHandOnTheStretchesOfAStoreSendingFromFilesAndLetThemGoWithTheFirstRelease() {
        // given a tracking store over one that leaves the batches read to send in its files
        AtomicInteger filesLetGo = new AtomicInteger();
        ReleaseTrackingPartitionLogStore overFiles = new ReleaseTrackingPartitionLogStore(
                sendingFromFiles(new InMemoryPartitionLogStoreFake(), filesLetGo));
        List<RecordBatch> appended = List.of(aBatch().withBaseOffset(0).withRecords(2).build(),
                aBatch().withBaseOffset(2).withRecords(3).build());
        await(overFiles.append(PARTITION, appended, List.of()));

        // when
        LogSlice slice = await(overFiles.readToSend(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(100_000)));

        // then the slice keeps its form, and is counted until released, once
        assertThat(slice.inMemory()).isFalse();
        assertThat(sentBytes(slice)).isEqualTo(joined(appended));
        assertThat(slice.nextOffset()).isEqualTo(5);
        assertThat(overFiles.unreleasedSlices()).isEqualTo(1);
        slice.release();
        slice.release();
        assertThat(overFiles.unreleasedSlices()).isZero();
        assertThat(overFiles.slicesRead()).isEqualTo(1);
        assertThat(filesLetGo).hasValue(1);
    }

    /**
     * {@code store}, but answering every read to send that finds batches with one stretch holding their bytes, as a
     * store of files would; {@code filesLetGo} counts the releases of those slices.
     */
    private static PartitionLogStore sendingFromFiles(PartitionLogStore store, AtomicInteger filesLetGo) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("readToSend")) {
                CompletableFuture<LogSlice> read = store.read((TopicIdPartition) args[0], (long) args[1],
                        (long) args[2], (ReadLimit) args[3]);
                return read.thenApply(slice -> slice.isEmpty() ? slice : LogSlice.unread(
                        List.of(UnreadBytesInMemory.ofHex(joined(slice.batches()))), slice.nextOffset(),
                        filesLetGo::incrementAndGet));
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PartitionLogStore) Proxy.newProxyInstance(PartitionLogStore.class.getClassLoader(),
                new Class<?>[] {PartitionLogStore.class}, handler);
    }
}
