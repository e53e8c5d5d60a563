package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.TransactionAbortableException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;
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
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transaction coordinator on another broker, asked over the Kafka protocol as Kafka's brokers ask theirs:
 * AddPartitionsToTxn version 5 to the coordinator's Kafka listener, the transactions asked for while a request to the
 * same broker is in flight gathered into the next one ({@link AddPartitionsToTxnBatches}). One connection per
 * broker, opened on first use on a thread of its own ({@code hexalog-interbroker}) and opened again after it closes;
 * requests on it are matched to responses by correlation ID. A request that gets no answer within the request
 * timeout, or whose connection closes first, fails with {@link CoordinatorNotAvailableException}.
 */
public final class KafkaRemoteTransactionCoordinator implements RemoteTransactionCoordinator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRemoteTransactionCoordinator.class);

    /** The brokers' version of KIP-890 with TRANSACTION_ABORTABLE. */
    static final short VERSION = 5;
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final String clientId;
    private final Duration requestTimeout;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger correlationIds = new AtomicInteger();
    private final AddPartitionsToTxnBatches batches = new AddPartitionsToTxnBatches(this::send);

    /**
     * @param clientId       the client ID the requests carry, naming the asking broker in the coordinator's logs
     * @param requestTimeout how long a request may wait for its connection and its answer
     */
    KafkaRemoteTransactionCoordinator(String clientId, Duration requestTimeout) {
        this.clientId = clientId;
        this.requestTimeout = requestTimeout;
        this.group = new MultiThreadIoEventLoopGroup(1, NamedThreads.single("hexalog-interbroker"),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    @Override
    public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                 ProducerIdentity producer, Set<TopicPartition> partitions) {
        return batches.ask(coordinator, transaction(transactionalId, producer, partitions, false)).thenApply(outcomes -> {
            for (Map.Entry<TopicPartition, Errors> outcome : outcomes.entrySet()) {
                if (outcome.getValue() != Errors.NONE) {
                    throw exception(outcome.getValue(), coordinator, transactionalId);
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(BrokerNode coordinator,
                                                                             TransactionalId transactionalId,
                                                                             ProducerIdentity producer,
                                                                             Set<TopicPartition> partitions) {
        return batches.ask(coordinator, transaction(transactionalId, producer, partitions, true)).thenApply(outcomes -> {
            Set<TopicPartition> missing = new HashSet<>();
            for (Map.Entry<TopicPartition, Errors> outcome : outcomes.entrySet()) {
                if (outcome.getValue() == Errors.TRANSACTION_ABORTABLE) {
                    missing.add(outcome.getKey());
                } else if (outcome.getValue() != Errors.NONE) {
                    throw exception(outcome.getValue(), coordinator, transactionalId);
                }
            }
            return Set.copyOf(missing);
        });
    }

    /** Closes every connection; requests still waiting fail. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static AddPartitionsToTxnTransaction transaction(TransactionalId transactionalId, ProducerIdentity producer,
                                                             Set<TopicPartition> partitions, boolean verifyOnly) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            byTopic.computeIfAbsent(partition.topic().value(), topic -> new ArrayList<>()).add(partition.partition());
        }
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        byTopic.forEach((topic, indexes) -> topics.add(new AddPartitionsToTxnTopic().setName(topic)
                .setPartitions(indexes)));
        return new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId.value())
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setVerifyOnly(verifyOnly).setTopics(topics);
    }

    /** The coordinator's error as this broker's services know it. */
    static HexalogException exception(Errors error, BrokerNode coordinator, TransactionalId transactionalId) {
        String message = "The transaction coordinator on node " + coordinator.nodeId() + " answered " + error.name()
                + " for transactional ID " + transactionalId.value() + ": " + error.message();
        switch (error) {
            case NOT_COORDINATOR:
                return new NotCoordinatorException(message);
            case CONCURRENT_TRANSACTIONS:
                return new ConcurrentTransactionsException(message);
            case PRODUCER_FENCED:
                return new ProducerFencedException(message);
            case INVALID_PRODUCER_EPOCH:
                return new InvalidProducerEpochException(message);
            case INVALID_PRODUCER_ID_MAPPING:
                return new InvalidProducerIdMappingException(message);
            case INVALID_TXN_STATE:
                return new InvalidTxnStateException(message);
            case TRANSACTION_ABORTABLE:
                return new TransactionAbortableException(message);
            case UNKNOWN_TOPIC_OR_PARTITION:
                return new UnknownTopicOrPartitionException(message);
            default:
                return new CoordinatorNotAvailableException(message);
        }
    }

    /** One request to the coordinator on {@code coordinator}, holding the transactions of a batch. */
    private CompletableFuture<AddPartitionsToTxnResponseData> send(BrokerNode coordinator,
                                                                   AddPartitionsToTxnTransactionCollection transactions) {
        AddPartitionsToTxnRequest request = AddPartitionsToTxnRequest.Builder.forBroker(transactions).build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.ADD_PARTITIONS_TO_TXN, VERSION, clientId,
                correlationIds.incrementAndGet());
        return connection(coordinator).request(header, request.serializeWithHeader(header))
                .thenApply(response -> ((AddPartitionsToTxnResponse) response).data());
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
                            new LengthFieldBasedFrameDecoder(MAX_RESPONSE_BYTES, 0, 4, 0, 4),
                            new LengthFieldPrepender(4),
                            new Responses(waiting));
                }
            }).connect(broker.host(), broker.port());
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    connected.channel().closeFuture().addListener(closed -> failAll("its connection closed"));
                } else {
                    LOG.warn("Could not connect to the transaction coordinator on node {} at {}:{}: {}",
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
                unanswered.answer().completeExceptionally(unavailable(why));
            }
        }

        private void failAll(String why) {
            waiting.keySet().forEach(correlationId -> fail(correlationId, why));
        }

        private CoordinatorNotAvailableException unavailable(String why) {
            return new CoordinatorNotAvailableException("The transaction coordinator on node " + broker.nodeId()
                    + " at " + broker.host() + ":" + broker.port() + " did not answer: " + why);
        }
    }

    /** A request sent, and where its answer goes. */
    private record Waiting(RequestHeader header, CompletableFuture<AbstractResponse> answer) {
    }

    /** Hands each response to the request with its correlation ID; one no request waits for is dropped. */
    private static final class Responses extends SimpleChannelInboundHandler<ByteBuf> {

        private final Map<Integer, Waiting> waiting;

        Responses(Map<Integer, Waiting> waiting) {
            this.waiting = waiting;
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
                request.answer().completeExceptionally(new CoordinatorNotAvailableException(
                        "The transaction coordinator's answer could not be read: " + e));
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("The connection to a transaction coordinator failed: {}", cause.toString());
            ctx.close();
        }
    }
}
