package io.hexalog.adapter.protocol.kafka;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener: a Netty server whose connections are each counted against the connection limits,
 * closed when idle, and served by a frame decoder and a request handler.
 * Built by {@link KafkaProtocolAdapter}; started and stopped by the broker's lifecycle.
 *
 * <p>The listener never stops on its own: if its server channel closes or one of its event loops ends while
 * {@link #close()} was not called (an {@link Error} while accepting closes the channel, one in an event loop
 * ends it), it tells the {@link KafkaProtocolAdapter.FatalErrorHandler} rather than stay bound to nothing. The
 * lines a client can cause are {@linkplain RateLimitedLog rate-limited} across the listener's connections.
 *
 * <p>A connection stops being served while the responses waiting in its outbound buffer pass
 * {@link #WRITE_BUFFER_HIGH_WATER_MARK} bytes, and is served again once they are below
 * {@link #WRITE_BUFFER_LOW_WATER_MARK} (see {@link KafkaRequestHandler}). Kafka's own
 * {@code socket.send.buffer.bytes} is 100 KiB; these marks let a few small responses queue behind one
 * another, while a single large fetch response is enough to pause the connection until the client has
 * read most of it. Batches a response sends from the store's files count as the bytes they will send
 * ({@link ResponseSizeEstimator}).
 */
public final class KafkaServer implements AutoCloseable {

    /** Above this many bytes of responses not yet written to its socket, a connection is not served. */
    static final int WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
    /** Below this many, it is served again. */
    static final int WRITE_BUFFER_LOW_WATER_MARK = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);
    /** How long closing waits for the connections to close; a loop held up by a handler may not answer. */
    private static final Duration CONNECTIONS_CLOSE_WAIT = Duration.ofSeconds(2);

    private final KafkaProtocolAdapter.ListenerConfig config;
    private final ApiHandlers handlers;
    private final ProtocolTrace trace;
    private final FetchMemoryBudget fetchMemory;
    private final KafkaProtocolAdapter.FatalErrorHandler fatalErrors;
    private final KafkaProtocolAdapter.TrafficListener traffic;
    private final RateLimitedLog connectionLog = RateLimitedLog.perListener();
    /** The connections open now: a closed one leaves the group by itself. */
    private final ChannelGroup connections = new DefaultChannelGroup("kafka-connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean closing;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;
    /** Counts the open connections; set when the listener starts. */
    private volatile ConnectionQuotas quotas;

    KafkaServer(KafkaProtocolAdapter.ListenerConfig config, ApiHandlers handlers, ProtocolTrace trace,
                FetchMemoryBudget fetchMemory, KafkaProtocolAdapter.FatalErrorHandler fatalErrors) {
        this(config, handlers, trace, fetchMemory, fatalErrors, KafkaProtocolAdapter.TrafficListener.NONE);
    }

    KafkaServer(KafkaProtocolAdapter.ListenerConfig config, ApiHandlers handlers, ProtocolTrace trace,
                FetchMemoryBudget fetchMemory, KafkaProtocolAdapter.FatalErrorHandler fatalErrors,
                KafkaProtocolAdapter.TrafficListener traffic) {
        this.traffic = traffic;
        this.config = config;
        this.handlers = handlers;
        this.trace = trace;
        this.fetchMemory = fetchMemory;
        this.fatalErrors = fatalErrors;
    }

    /**
     * Binds the listener; returns once it accepts connections.
     *
     * @throws IllegalArgumentException if a host of {@code max.connections.per.ip.overrides} does not resolve
     */
    public synchronized void start() throws InterruptedException {
        bind();
        accept();
    }

    /**
     * Binds the listener, accepting no connection until {@link #accept()}: clients that connect meanwhile wait in
     * the socket's backlog, their requests unread, as Kafka's do while a broker starts. The bound port is known
     * before the broker can serve (a node of a cluster registers it, then catches up).
     *
     * @throws IllegalArgumentException if a host of {@code max.connections.per.ip.overrides} does not resolve
     */
    public synchronized void bind() throws InterruptedException {
        ConnectionQuotas quotas = new ConnectionQuotas(config.connections());
        this.quotas = quotas;
        acceptors = new MultiThreadIoEventLoopGroup(1, NamedThreads.single("hexalog-network-acceptor"),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NamedThreads.numbered("hexalog-network"),
                NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_LOW_WATER_MARK, WRITE_BUFFER_HIGH_WATER_MARK))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, ResponseSizeEstimator.INSTANCE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        try {
                            connections.add(channel);
                            if (closing) {
                                // accepted as the listener closed, after the connections were closed
                                channel.close();
                                return;
                            }
                            channel.pipeline().addLast("quotas", new ConnectionQuotaHandler(quotas, connectionLog));
                            if (config.connections().closesIdleConnections()) {
                                channel.pipeline().addLast("idle", new IdleConnectionCloser(
                                        config.connections().connectionsMaxIdleMs(), connectionLog));
                            }
                            channel.pipeline()
                                    .addLast("frames", new KafkaFrameDecoder(config.maxRequestBytes(), connectionLog))
                                    .addLast("requests", new KafkaRequestHandler(handlers, trace, traffic, fatalErrors,
                                            connectionLog, config.maxInFlightRequestsPerConnection(),
                                            config.maxRequestBytes()));
                        } catch (Error e) {
                            // Netty would log it and close this connection only, and the next one would fail alike.
                            fatalErrors.onFatalError("accepting a connection", e);
                            throw e;
                        }
                    }
                })
                .bind(config.host(), config.port())
                .sync()
                .channel();
        watchForUnaskedStop();
    }

    /** Accepts connections from now on, those waiting in the backlog first; bound by {@link #bind()} before. */
    public synchronized void accept() {
        if (serverChannel == null) {
            throw new IllegalStateException("The Kafka listener is not bound");
        }
        serverChannel.config().setAutoRead(true);
        LOG.debug("Kafka listener on {} accepts connections", boundAddress());
    }

    private void watchForUnaskedStop() {
        InetSocketAddress address = boundAddress();
        serverChannel.closeFuture().addListener(closed -> {
            if (!closing) {
                fatalErrors.onFatalError("accepting connections", new IllegalStateException(
                        "The Kafka listener on " + address + " closed without being asked to", closed.cause()));
            }
        });
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, workers}) {
            for (EventExecutor loop : group) {
                loop.terminationFuture().addListener(ended -> {
                    if (!closing) {
                        fatalErrors.onFatalError("running the Kafka listener's event loops", new IllegalStateException(
                                "An event loop of the Kafka listener on " + address + " stopped without being asked to",
                                ended.cause()));
                    }
                });
            }
        }
    }

    /** The loops serving the connections, for tests that hold them up. */
    EventLoopGroup workers() {
        return workers;
    }

    /** The channel accepting connections, for tests that close it from under the listener. */
    Channel serverChannel() {
        return serverChannel;
    }

    /**
     * Asks this listener, over a connection of its own, for its API versions and its metadata, as a client's first
     * requests do; returns once both are answered without an error.
     *
     * @param timeout how long each request may wait for its answer
     * @throws IllegalStateException naming the answer that was missing or wrong
     */
    public void checkAnswers(Duration timeout) {
        ListenerSelfCheck.check(boundAddress(), timeout);
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

    /** Connections open now: accepted within the connection limits and not yet closed; 0 before the start. */
    public int openConnections() {
        ConnectionQuotas counted = quotas;
        return counted == null ? 0 : counted.open();
    }

    FetchMemoryBudget fetchMemory() {
        return fetchMemory;
    }

    /**
     * Whether the listener is bound and accepts connections: started, or bound and told to accept, and not closed.
     * Netty stops accepting for a second after failing to accept one (too many open files): not accepting then.
     */
    public synchronized boolean isAccepting() {
        return serverChannel != null && serverChannel.isActive() && serverChannel.config().isAutoRead();
    }

    /** Stops accepting, closes every connection and waits for the event loops to finish. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        closing = true;
        // Awaited, not synced: after a fatal error its event loop may be gone, and the storage must still close.
        serverChannel.close().awaitUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // Closed before their loops end: a loop that is running tasks when told to end stops without closing its
        // connections (Netty 4.2, no quiet period), and their clients would wait request.timeout.ms (30 s) for
        // answers that never come, instead of moving to another broker at once.
        connections.close().awaitUninterruptibly(CONNECTIONS_CLOSE_WAIT.toMillis());
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
        LOG.debug("Kafka listener closed");
    }
}
