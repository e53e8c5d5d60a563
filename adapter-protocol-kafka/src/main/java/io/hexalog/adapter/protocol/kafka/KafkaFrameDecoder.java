package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cuts the byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes. Each frame
 * is copied once into a heap buffer, which the request decoder parses in place; records in a Produce
 * request stay slices of that buffer all the way to storage.
 *
 * <p>A size that is negative or above {@code socket.request.max.bytes} means a broken or hostile peer:
 * like Kafka, the broker logs one line (rate-limited across the listener's connections) and closes that
 * connection without reading further.
 */
final class KafkaFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameDecoder.class);
    private static final int SIZE_PREFIX = 4;

    private final int maxRequestBytes;
    private final RateLimitedLog log;

    KafkaFrameDecoder(int maxRequestBytes, RateLimitedLog log) {
        this.maxRequestBytes = maxRequestBytes;
        this.log = log;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < SIZE_PREFIX) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxRequestBytes) {
            log.warn(LOG, "request size", "Closing connection from {}: request size {} is outside [0, {}] "
                    + "(socket.request.max.bytes)", ctx.channel().remoteAddress(), size, maxRequestBytes);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX + size) {
            return;
        }
        in.skipBytes(SIZE_PREFIX);
        ByteBuffer frame = ByteBuffer.allocate(size);
        in.readBytes(frame);
        out.add(frame.flip());
    }
}
