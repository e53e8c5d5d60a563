package io.hexalog.adapter.storage.rocksdb;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadBufferPoolTest {

    private final ReadBufferPool pool = new ReadBufferPool(1024, 2);

    @Test
    void shouldCarveRegionsBackToBackFromOneChunk() {
        ReadChunk chunk = pool.takeForCarving(100);

        ByteBuffer first = chunk.carve(100);
        ByteBuffer second = chunk.carve(200);

        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(100);
        assertThat(second.capacity()).isEqualTo(200);
        assertThat(chunk.room()).isEqualTo(1024 - 300);
    }

    @Test
    void shouldLetTheNextReadCarveOnWhatAChunkHasLeft() {
        ReadChunk chunk = pool.takeForCarving(100);
        chunk.carve(100);
        pool.giveBackForCarving(chunk);

        assertThat(pool.takeForCarving(500)).isSameAs(chunk);
        assertThat(pool.chunksAllocated()).isEqualTo(1);
    }

    @Test
    void shouldAllocateNoMoreChunksThanItsBound() {
        ReadChunk first = pool.takeForCarving(1000);
        first.carve(1000);
        ReadChunk second = pool.takeForCarving(1000);
        second.carve(1000);

        assertThat(pool.takeForCarving(1000)).isNull();
        assertThat(pool.chunksAllocated()).isEqualTo(2);
    }

    @Test
    void shouldReuseAChunkFromItsStartOnceEveryRegionOfItIsReleased() {
        ReadChunk chunk = pool.takeForCarving(1024);
        chunk.carve(1024);
        pool.giveBackForCarving(chunk); // full: floats until its region goes
        assertThat(pool.chunksIdle()).isZero();

        chunk.release();

        assertThat(pool.chunksIdle()).isEqualTo(1);
        assertThat(pool.takeForCarving(1024)).isSameAs(chunk);
    }

    @Test
    void shouldStartAgainFromTheBeginningOfAChunkNoRegionOfWhichIsLent() {
        ReadChunk chunk = pool.takeForCarving(600);
        chunk.carve(600);
        pool.giveBackForCarving(chunk);
        chunk.release(); // the region: the pool's carving reference remains

        ReadChunk again = pool.takeForCarving(1000);

        assertThat(again).isSameAs(chunk);
        assertThat(again.room()).isEqualTo(1024);
    }

    @Test
    void shouldNotReuseAChunkWhileARegionOfItIsLent() {
        ReadChunk chunk = pool.takeForCarving(600);
        ByteBuffer region = chunk.carve(600).put(0, (byte) 7);
        pool.giveBackForCarving(chunk);

        ReadChunk next = pool.takeForCarving(600);

        assertThat(next).isNotSameAs(chunk);
        assertThat(region.get(0)).isEqualTo((byte) 7);
    }

    @Test
    void shouldFailLoudlyWhenAChunkIsReleasedMoreOftenThanReferenced() {
        ReadChunk chunk = pool.takeForCarving(10);
        chunk.carve(10);
        pool.giveBackForCarving(chunk); // the pool holds the carving reference
        chunk.release(); // the region's

        assertThatThrownBy(chunk::release).isInstanceOf(IllegalStateException.class);
    }
}
