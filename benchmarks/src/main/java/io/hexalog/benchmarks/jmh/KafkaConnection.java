package io.hexalog.benchmarks.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A blocking Kafka connection that sends pre-encoded request frames and reads whole response frames. */
final class KafkaConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer sizePrefix = ByteBuffer.allocate(4);
    private ByteBuffer response = ByteBuffer.allocateDirect(64 * 1024);

    KafkaConnection(String host, int port) {
        try {
            channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request and returns its response frame (correlation ID first), valid until the next call. */
    ByteBuffer roundTrip(ByteBuffer request) {
        try {
            sizePrefix.clear().putInt(request.remaining()).flip();
            ByteBuffer[] frame = {sizePrefix, request.duplicate()};
            while (frame[1].hasRemaining()) {
                channel.write(frame);
            }
            sizePrefix.clear();
            readFully(sizePrefix);
            int size = sizePrefix.flip().getInt();
            if (response.capacity() < size) {
                response = ByteBuffer.allocateDirect(Integer.highestOneBit(size) * 2);
            }
            response.clear().limit(size);
            readFully(response);
            return response.flip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("Connection closed by the broker");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
