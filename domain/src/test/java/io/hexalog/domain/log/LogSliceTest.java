package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two forms of a slice: batches in memory, to be looked at, and stretches of a store's files, only to be sent.
 * Both add up their bytes, know the offset after their last batch, refuse what the other form holds, and keep what
 * they hold from being used once released, releasing it once.
 */
class LogSliceTest {

    // --- in memory ---------------------------------------------------------------------------------------------

    @Test
    void shouldSumTheSizesOfItsBatchesAndEndAfterTheLastOne() {
        // given batches [10..12], [13], [14..17]
        RecordBatch first = aBatch().baseOffset(10).records(3).build();
        RecordBatch second = aBatch().baseOffset(13).records(1).build();
        RecordBatch third = aBatch().baseOffset(14).records(4).build();

        // when
        LogSlice slice = new LogSlice(List.of(first, second, third));

        // then
        assertThat(slice.sizeInBytes()).isEqualTo(first.sizeInBytes() + second.sizeInBytes() + third.sizeInBytes());
        assertThat(slice.nextOffset()).isEqualTo(18);
        assertThat(slice.batches()).containsExactly(first, second, third);
        assertThat(slice.inMemory()).isTrue();
        assertThat(slice.isEmpty()).isFalse();
    }

    @Test
    void shouldHaveNoNextOffsetWhenEmpty() {
        assertThat(LogSlice.EMPTY.nextOffset()).isEqualTo(LogSlice.NO_OFFSET).isEqualTo(-1L);
        assertThat(LogSlice.EMPTY.sizeInBytes()).isZero();
        assertThat(LogSlice.EMPTY.isEmpty()).isTrue();
        assertThat(LogSlice.EMPTY.inMemory()).isTrue();
        assertThat(new LogSlice(List.of(), () -> { }).nextOffset()).isEqualTo(LogSlice.NO_OFFSET);
    }

    @Test
    void shouldRefuseStretchesOfASliceInMemory() {
        LogSlice slice = new LogSlice(List.of(aBatch().build()));

        assertThatThrownBy(slice::unread).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds them in memory");
        assertThatThrownBy(LogSlice.EMPTY::unread).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseTheBatchesOfAReleasedSliceInMemoryButStillAnswerItsSizeAndNextOffset() {
        RecordBatch batch = aBatch().baseOffset(5).records(2).build();
        LogSlice slice = new LogSlice(List.of(batch), () -> { });

        slice.release();

        assertThatThrownBy(slice::batches).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used after its release");
        assertThat(slice.sizeInBytes()).isEqualTo(batch.sizeInBytes());
        assertThat(slice.nextOffset()).isEqualTo(7);
        assertThat(slice.isReleased()).isTrue();
    }

    @Test
    void shouldGiveTheMemoryOfASliceInMemoryBackOnceWhateverTheReleases() {
        AtomicInteger givenBack = new AtomicInteger();
        LogSlice slice = new LogSlice(List.of(aBatch().build()), givenBack::incrementAndGet);

        assertThat(givenBack).hasValue(0);
        slice.release();
        slice.release();

        assertThat(givenBack).hasValue(1);
    }

    @Test
    void shouldLeaveAnEmptySliceReadableAndRunNothingOnItsRelease() {
        AtomicInteger givenBack = new AtomicInteger();
        LogSlice empty = new LogSlice(List.of(), givenBack::incrementAndGet);

        empty.release();

        assertThat(givenBack).hasValue(0);
        assertThat(empty.batches()).isEmpty();
        assertThat(empty.isReleased()).isFalse();
    }

    // --- unread ------------------------------------------------------------------------------------------------

    @Test
    void shouldSumTheSizesOfItsStretchesAndEndAtTheOffsetGiven() {
        UnreadBytes first = new StretchOf(new byte[300]);
        UnreadBytes second = new StretchOf(new byte[45]);

        LogSlice slice = LogSlice.unread(List.of(first, second), 42, () -> { });

        assertThat(slice.sizeInBytes()).isEqualTo(345);
        assertThat(slice.nextOffset()).isEqualTo(42);
        assertThat(slice.unread()).containsExactly(first, second);
        assertThat(slice.inMemory()).isFalse();
        assertThat(slice.isEmpty()).isFalse();
    }

    @Test
    void shouldKeepItsOwnListOfStretches() {
        List<UnreadBytes> stretches = new ArrayList<>(List.of(new StretchOf(new byte[10])));
        LogSlice slice = LogSlice.unread(stretches, 1, () -> { });

        stretches.add(new StretchOf(new byte[20]));

        assertThat(slice.unread()).hasSize(1);
        assertThat(slice.sizeInBytes()).isEqualTo(10);
        assertThatThrownBy(() -> slice.unread().add(new StretchOf(new byte[1])))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseTheBatchesOfAnUnreadSlice() {
        LogSlice slice = LogSlice.unread(List.of(new StretchOf(new byte[10])), 3, () -> { });

        assertThatThrownBy(slice::batches).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no batches in memory");
    }

    @Test
    void shouldRefuseTheStretchesOfAReleasedUnreadSliceButStillAnswerItsSizeAndNextOffset() {
        LogSlice slice = LogSlice.unread(List.of(new StretchOf(new byte[100]), new StretchOf(new byte[50])), 9,
                () -> { });

        slice.release();

        assertThatThrownBy(slice::unread).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used after its release");
        assertThatThrownBy(slice::batches).isInstanceOf(IllegalStateException.class);
        assertThat(slice.sizeInBytes()).isEqualTo(150);
        assertThat(slice.nextOffset()).isEqualTo(9);
        assertThat(slice.isReleased()).isTrue();
        assertThat(slice.isEmpty()).isFalse();
    }

    @Test
    void shouldLetTheFilesOfAnUnreadSliceGoOnceWhateverTheReleases() {
        AtomicInteger letGo = new AtomicInteger();
        LogSlice slice = LogSlice.unread(List.of(new StretchOf(new byte[10])), 1, letGo::incrementAndGet);

        assertThat(letGo).hasValue(0);
        slice.release();
        slice.release();

        assertThat(letGo).hasValue(1);
    }

    @Test
    void shouldLetTheFilesGoOnceWhenReleasedOnSeveralThreadsAtOnce() throws Exception {
        AtomicInteger letGo = new AtomicInteger();
        LogSlice slice = LogSlice.unread(List.of(new StretchOf(new byte[10])), 1, letGo::incrementAndGet);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService releasers = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < threads; i++) {
                releasers.submit(() -> {
                    start.await();
                    slice.release();
                    return null;
                });
            }
            start.countDown();
        } finally {
            releasers.shutdown();
            assertThat(releasers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(letGo).hasValue(1);
    }

    @Test
    void shouldRefuseAnUnreadSliceWithoutStretches() {
        assertThatThrownBy(() -> LogSlice.unread(List.of(), 5, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 stretches");
    }

    @Test
    void shouldRefuseAnUnreadSliceEndingAtANegativeOffset() {
        List<UnreadBytes> stretches = List.of(new StretchOf(new byte[10]));

        assertThatThrownBy(() -> LogSlice.unread(stretches, LogSlice.NO_OFFSET, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("next offset -1");
        assertThat(LogSlice.unread(stretches, 0, () -> { }).nextOffset()).isZero();
    }

    @Test
    void shouldRefuseAnUnreadSliceOfMoreBytesThanAnIntCounts() {
        UnreadBytes huge = new SizedOnly(Integer.MAX_VALUE);
        UnreadBytes more = new SizedOnly(1);

        assertThatThrownBy(() -> LogSlice.unread(List.of(huge, more), 10, () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.MAX_VALUE + 1L + " bytes");
        assertThat(LogSlice.unread(List.of(huge), 10, () -> { }).sizeInBytes()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldRefuseAnUnreadSliceWithoutAReleaseAction() {
        assertThatThrownBy(() -> LogSlice.unread(List.of(new StretchOf(new byte[1])), 1, null))
                .isInstanceOf(NullPointerException.class);
    }

    /** A stretch whose bytes lie in an array: what a store's file looks like to a slice. */
    private record StretchOf(byte[] bytes) implements UnreadBytes {

        @Override
        public int sizeInBytes() {
            return bytes.length;
        }

        @Override
        public long transferTo(WritableByteChannel target, long position) throws IOException {
            return target.write(ByteBuffer.wrap(bytes, (int) position, bytes.length - (int) position));
        }
    }

    /** A stretch that only tells its size, for sizes no test could hold in memory. */
    private record SizedOnly(int sizeInBytes) implements UnreadBytes {

        @Override
        public long transferTo(WritableByteChannel target, long position) {
            throw new UnsupportedOperationException("never sent");
        }
    }
}
