package io.hexalog.adapter.protocol.kafka;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The first handler of every connection: counts it in the listener's {@link ConnectionQuotas} as soon as it is
 * accepted, and uncounts it when it closes. A connection over a limit is closed at once, with one log line,
 * before a byte of it is read; the client sees its socket closed and connects again later, as it does when
 * Kafka refuses a connection. Unlike Kafka, which stops accepting while {@code max.connections} are open, the
 * listener accepts and closes, so a waiting client learns at once instead of when its connection times out.
 */
final class ConnectionQuotaHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionQuotaHandler.class);

    private final ConnectionQuotas quotas;
    private final RateLimitedLog log;
    private InetAddress counted;

    ConnectionQuotaHandler(ConnectionQuotas quotas, RateLimitedLog log) {
        this.quotas = quotas;
        this.log = log;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
            // Gone before it could be counted: the peer closed it between accept and now.
            ctx.close();
            return;
        }
        Optional<String> refusal = quotas.admit(remote.getAddress());
        if (refusal.isPresent()) {
            log.info(LOG, "connection refused", "Refusing connection from {}: {}", remote, refusal.get());
            ctx.close();
            return;
        }
        counted = remote.getAddress();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted != null) {
            quotas.release(counted);
            counted = null;
        }
        ctx.fireChannelInactive();
    }
}
