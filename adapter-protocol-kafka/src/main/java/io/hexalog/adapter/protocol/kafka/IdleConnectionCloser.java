package io.hexalog.adapter.protocol.kafka;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection on which no byte was read or written for {@code connections.max.idle.ms}, with one (rate-limited) log
 * line, as Kafka's selector expires idle connections. A request sent in part and never finished is idle
 * too: the bytes of a frame count only while they keep coming. It sits ahead of the frame decoder, so that it
 * sees every byte in both directions.
 */
final class IdleConnectionCloser extends IdleStateHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionCloser.class);

    private final long maxIdleMs;
    private final RateLimitedLog log;

    IdleConnectionCloser(long maxIdleMs, RateLimitedLog log) {
        // Observing output: a large response still leaving slowly is traffic, not idleness.
        super(true, 0, 0, maxIdleMs, TimeUnit.MILLISECONDS);
        this.maxIdleMs = maxIdleMs;
        this.log = log;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        log.info(LOG, "idle connection", "Closing connection from {}: nothing read or written for {} ms (connections.max.idle.ms)",
                ctx.channel().remoteAddress(), maxIdleMs);
        ctx.close();
    }
}
