package io.hexalog.adapter.protocol.kafka;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
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
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    private final KafkaProtocolAdapter.ListenerConfig config;
    private final ApiHandlers handlers;
    private final ProtocolTrace trace;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    KafkaServer(KafkaProtocolAdapter.ListenerConfig config, ApiHandlers handlers, ProtocolTrace trace) {
        this.config = config;
        this.handlers = handlers;
        this.trace = trace;
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
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("frames", new KafkaFrameDecoder(config.maxRequestBytes()))
                                .addLast("requests", new KafkaRequestHandler(handlers, trace));
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

    /** Whether the listener is bound and accepting connections: started and not yet closed. */
    public synchronized boolean isBound() {
        return serverChannel != null && serverChannel.isActive();
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
