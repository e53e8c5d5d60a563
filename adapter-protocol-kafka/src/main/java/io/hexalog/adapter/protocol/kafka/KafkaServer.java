package io.hexalog.adapter.protocol.kafka;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener: a Netty server whose connections each get a frame decoder and a request handler.
 * Built by {@link KafkaProtocolAdapter}; started and stopped by the broker's lifecycle.
 *
 * <p>A connection stops being served while the responses waiting in its outbound buffer pass
 * {@link #WRITE_BUFFER_HIGH_WATER_MARK} bytes, and is served again once they are below
 * {@link #WRITE_BUFFER_LOW_WATER_MARK} (see {@link KafkaRequestHandler}). Kafka's own
 * {@code socket.send.buffer.bytes} is 100 KiB; these marks let a few small responses queue behind one
 * another, while a single large fetch response is enough to pause the connection until the client has
 * read most of it.
 */
public final class KafkaServer implements AutoCloseable {

    /** Above this many bytes of responses not yet written to its socket, a connection is not served. */
    static final int WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
    /** Below this many, it is served again. */
    static final int WRITE_BUFFER_LOW_WATER_MARK = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    private final KafkaProtocolAdapter.ListenerConfig config;
    private final ApiHandlers handlers;
    private final ProtocolTrace trace;
    private final FetchMemoryBudget fetchMemory;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    KafkaServer(KafkaProtocolAdapter.ListenerConfig config, ApiHandlers handlers, ProtocolTrace trace,
                FetchMemoryBudget fetchMemory) {
        this.config = config;
        this.handlers = handlers;
        this.trace = trace;
        this.fetchMemory = fetchMemory;
    }

    /** Binds the listener; returns once it accepts connections. */
    public synchronized void start() throws InterruptedException {
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_LOW_WATER_MARK, WRITE_BUFFER_HIGH_WATER_MARK))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("frames", new KafkaFrameDecoder(config.maxRequestBytes()))
                                .addLast("requests", new KafkaRequestHandler(handlers, trace,
                                        config.maxInFlightRequestsPerConnection(), config.maxRequestBytes()));
                    }
                })
                .bind(config.host(), config.port())
                .sync()
                .channel();
    }

    /** The address the listener is bound to; with port 0, this tells which port was chosen. */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Bytes held for fetch responses right now, by every connection: reserved before reading and held until
     * the response has been written (see {@code fetch.memory.bytes}). A gauge of memory use.
     */
    public long fetchMemoryReservedBytes() {
        return fetchMemory.reservedBytes();
    }

    FetchMemoryBudget fetchMemory() {
        return fetchMemory;
    }

    /** Stops accepting, closes every connection and waits for the event loops to finish. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
        LOG.debug("Kafka listener closed");
    }
}
