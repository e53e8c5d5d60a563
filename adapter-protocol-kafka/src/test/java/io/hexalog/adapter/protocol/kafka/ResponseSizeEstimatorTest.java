package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.testdata.UnreadBytesInMemory;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's outbound buffer counts batches a response sends from the store's files as the bytes they will send,
 * so that a client reading no responses stops being served (the listener's water marks) whether the store left the
 * batches in its files or read them into memory.
 */
class ResponseSizeEstimatorTest {

    private static final int HIGH_WATER_MARK = 64 * 1024;

    @Test
    void shouldCountARegionOfAFileAsTheBytesItWillSend() {
        UnreadBytesRegion region = new UnreadBytesRegion(stretchOf(1024 * 1024));

        assertThat(ResponseSizeEstimator.INSTANCE.newHandle().size(region)).isEqualTo(1024 * 1024);
        assertThat(ResponseSizeEstimator.INSTANCE.newHandle().size(Unpooled.buffer().writeZero(300))).isEqualTo(300);
    }

    @Test
    void shouldMakeAConnectionUnwritableOnceTheRegionsWaitingInItPassTheHighWaterMark() {
        // given a connection counting with the estimator, as the listener's are
        EmbeddedChannel counted = connection();
        counted.config().setMessageSizeEstimator(ResponseSizeEstimator.INSTANCE);
        EmbeddedChannel byNettysDefault = connection();

        // when a response of a few header bytes and a stretch of a file waits, not yet flushed
        counted.write(Unpooled.buffer().writeZero(20));
        counted.write(new UnreadBytesRegion(stretchOf(HIGH_WATER_MARK + 1)));
        byNettysDefault.write(Unpooled.buffer().writeZero(20));
        byNettysDefault.write(new UnreadBytesRegion(stretchOf(HIGH_WATER_MARK + 1)));

        // then
        assertThat(counted.isWritable()).isFalse();
        assertThat(byNettysDefault.isWritable()).as("Netty's default counts a file region as nothing").isTrue();
        counted.finishAndReleaseAll();
        byNettysDefault.finishAndReleaseAll();
    }

    private static EmbeddedChannel connection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(HIGH_WATER_MARK / 4, HIGH_WATER_MARK));
        return channel;
    }

    private static UnreadBytesInMemory stretchOf(int size) {
        return new UnreadBytesInMemory(new byte[size]);
    }
}
