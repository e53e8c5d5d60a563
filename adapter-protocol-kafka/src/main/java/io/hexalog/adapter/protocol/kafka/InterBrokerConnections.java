package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.cluster.BrokerNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This broker's connections to the Kafka listeners of other brokers, as a client of theirs: one per broker, opened
 * on first use on a thread of its own and opened again after it closes or the broker moves; requests on it are
 * matched to responses by correlation ID. A request that gets no answer within the request timeout, or whose
 * connection closes first, fails with the exception {@link Unreachable} makes of why.
 */
final class InterBrokerConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InterBrokerConnections.class);

    /** The failure of a request that got no answer: what the caller may retry. */
    @FunctionalInterface
    interface Unreachable {
        RuntimeException of(BrokerNode broker, String why);
    }

    private final String clientId;
    private final String peer;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final Unreachable unreachable;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger correlationIds = new AtomicInteger();

    /**
     * @param clientId       the client ID the requests carry, naming the asking broker in the other's logs
     * @param peer           what the other broker is to this one, for the log ("the transaction coordinator")
     * @param threadName     the name of the connections' thread
     * @param requestTimeout how long a request may wait for its connection and its answer
     * @param maxResponseBytes the largest response read; a larger one closes the connection, failing its requests
     */
    InterBrokerConnections(String clientId, String peer, String threadName, Duration requestTimeout,
                           int maxResponseBytes, Unreachable unreachable) {
        this.clientId = clientId;
        this.peer = peer;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.unreachable = unreachable;
        this.group = new MultiThreadIoEventLoopGroup(1, NamedThreads.single(threadName), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Sends the request to the broker in the given version; completes with its answer, on the connections' thread. */
    CompletableFuture<AbstractResponse> send(BrokerNode broker, ApiKeys api, short version, AbstractRequest request) {
        RequestHeader header = new RequestHeader(api, version, clientId, correlationIds.incrementAndGet());
        return connection(broker).request(header, request.serializeWithHeader(header));
    }

    /** Closes every connection; requests still waiting fail. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The connection to the broker at its current address, opened if there is none or it moved. */
    private Connection connection(BrokerNode broker) {
        return connections.compute(broker.nodeId(), (id, current) -> {
            if (current != null && current.broker.equals(broker) && !current.isClosed()) {
                return current;
            }
            if (current != null) {
                current.close();
            }
            return new Connection(broker);
        });
    }

    /** A connection to one broker and the requests waiting on it for an answer. */
    private final class Connection {

        private final BrokerNode broker;
        private final ChannelFuture connected;
        private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();

        Connection(BrokerNode broker) {
            this.broker = broker;
            this.connected = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(
                            new LengthFieldBasedFrameDecoder(maxResponseBytes, 0, 4, 0, 4),
                            new LengthFieldPrepender(4),
                            new Responses(waiting, broker, peer, unreachable));
                }
            }).connect(broker.host(), broker.port());
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    connected.channel().closeFuture().addListener(closed -> failAll("its connection closed"));
                } else {
                    LOG.warn("Could not connect to {} on node {} at {}:{}: {}", peer,
                            broker.nodeId(), broker.host(), broker.port(), done.cause().toString());
                    failAll("it could not be reached");
                }
            });
        }

        boolean isClosed() {
            return connected.isDone() && (!connected.isSuccess() || !connected.channel().isActive());
        }

        void close() {
            connected.channel().close();
        }

        CompletableFuture<AbstractResponse> request(RequestHeader header, ByteBuffer bytes) {
            CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
            int correlationId = header.correlationId();
            waiting.put(correlationId, new Waiting(header, answer));
            Channel channel = connected.channel();
            group.next().schedule(() -> fail(correlationId, "it did not answer within "
                    + requestTimeout.toMillis() + " ms"), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(written -> {
                        if (!written.isSuccess()) {
                            fail(correlationId, "the request could not be written");
                        }
                    });
                } else {
                    fail(correlationId, "it could not be reached");
                }
            });
            return answer;
        }

        private void fail(int correlationId, String why) {
            Waiting unanswered = waiting.remove(correlationId);
            if (unanswered != null) {
                unanswered.answer().completeExceptionally(unreachable.of(broker, why));
            }
        }

        private void failAll(String why) {
            waiting.keySet().forEach(correlationId -> fail(correlationId, why));
        }
    }

    /** A request sent, and where its answer goes. */
    private record Waiting(RequestHeader header, CompletableFuture<AbstractResponse> answer) {
    }

    /** Hands each response to the request with its correlation ID; one no request waits for is dropped. */
    private static final class Responses extends SimpleChannelInboundHandler<ByteBuf> {

        private final Map<Integer, Waiting> waiting;
        private final BrokerNode broker;
        private final String peer;
        private final Unreachable unreachable;

        Responses(Map<Integer, Waiting> waiting, BrokerNode broker, String peer, Unreachable unreachable) {
            this.waiting = waiting;
            this.broker = broker;
            this.peer = peer;
            this.unreachable = unreachable;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ByteBuffer bytes = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(bytes);
            bytes.flip();
            int correlationId = bytes.getInt(0);
            Waiting request = waiting.remove(correlationId);
            if (request == null) {
                return;
            }
            try {
                request.answer().complete(AbstractResponse.parseResponse(bytes, request.header()));
            } catch (RuntimeException e) {
                request.answer().completeExceptionally(unreachable.of(broker, "its answer could not be read: " + e));
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("The connection to {} on node {} failed: {}", peer, broker.nodeId(), cause.toString());
            ctx.close();
        }
    }
}
