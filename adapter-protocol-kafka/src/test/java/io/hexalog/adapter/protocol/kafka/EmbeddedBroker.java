package io.hexalog.adapter.protocol.kafka;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.fake.UnreachableRemotePartitionLeaderFake;
import io.hexalog.application.fake.UnreachableRemoteTransactionCoordinatorFake;
import io.hexalog.application.fake.ImmediateReplicatedLogFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.fake.InMemoryLoggerLevelsFake;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's real application, built by the same {@code ApplicationCore} as the broker itself, on in-memory
 * storage and served by every handler the broker serves. Each {@link #connect() connection} is an
 * {@link EmbeddedChannel} with the broker's real pipeline; the application's blocking work runs on the calling
 * thread and time moves only through {@link #scheduler()}, so everything is deterministic. Fatal errors are
 * {@linkplain #fatalErrors() recorded}, and the connections' rate-limited log runs on a clock of its own,
 * moved by {@link #advanceLogClock}.
 */
final class EmbeddedBroker {

    static final int MAX_REQUEST_BYTES = 64 * 1024;
    static final long FETCH_MEMORY_BYTES = 64L * 1024 * 1024;
    static final GroupCoordinatorConfig GROUP_CONFIG = GroupCoordinatorConfig.kafkaDefaults();
    private static final short LAST_COMMIT_VERSION_BY_NAME = 9;

    private final ManualSchedulerFake scheduler = new ManualSchedulerFake();
    private final SingleBrokerClusterViewFake cluster = new SingleBrokerClusterViewFake();
    private final ImmediateReplicatedLogFake log = new ImmediateReplicatedLogFake(this::applyCommands);
    private final RecordingFatalErrorHandler fatalErrors = new RecordingFatalErrorHandler();
    private final AtomicLong logNanoTime = new AtomicLong();
    private final RateLimitedLog connectionLog = new RateLimitedLog(RateLimitedLog.DEFAULT_LINES_PER_INTERVAL,
            RateLimitedLog.DEFAULT_INTERVAL, logNanoTime::get);
    private final ApplicationCore core;
    private final FetchMemoryBudget fetchMemory;
    private final ApiHandlers handlers;
    private final KafkaProtocolAdapter.TrafficListener traffic;

    EmbeddedBroker() {
        this(true);
    }

    EmbeddedBroker(boolean autoCreateTopics) {
        this(new BrokerConfig(1, autoCreateTopics, MessageSizePolicy.KAFKA_DEFAULT));
    }

    EmbeddedBroker(BrokerConfig settings) {
        this(settings, new InMemoryStorage().committedOffsetStore(), Runnable::run);
    }

    /**
     * A broker keeping committed offsets in {@code offsets} and running the application's blocking work on
     * {@code blocking}; with anything but the calling thread, responses arrive when that work is done.
     */
    EmbeddedBroker(BrokerConfig settings, CommittedOffsetStore offsets, Executor blocking) {
        this(settings, offsets, blocking, new InMemoryStorage().partitionLogStore(),
                new FetchMemoryBudget(FETCH_MEMORY_BYTES));
    }

    /** A broker keeping its partition logs in {@code logs}, for tests that make storage fail. */
    EmbeddedBroker(PartitionLogStore logs) {
        this(BrokerConfig.defaults(), new InMemoryStorage().committedOffsetStore(), Runnable::run, logs,
                new FetchMemoryBudget(FETCH_MEMORY_BYTES));
    }

    /** A broker whose fetches read within {@code fetchMemory}. */
    EmbeddedBroker(FetchMemoryBudget fetchMemory) {
        this(new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT), new InMemoryStorage().committedOffsetStore(),
                Runnable::run, new InMemoryStorage().partitionLogStore(), fetchMemory);
    }

    /** A broker telling {@code traffic} what its connections serve. */
    EmbeddedBroker(KafkaProtocolAdapter.TrafficListener traffic) {
        this(BrokerConfig.defaults(), new InMemoryStorage().committedOffsetStore(), Runnable::run,
                new InMemoryStorage().partitionLogStore(), new FetchMemoryBudget(FETCH_MEMORY_BYTES), traffic);
    }

    private EmbeddedBroker(BrokerConfig settings, CommittedOffsetStore offsets, Executor blocking,
                           PartitionLogStore logs, FetchMemoryBudget fetchMemory) {
        this(settings, offsets, blocking, logs, fetchMemory, KafkaProtocolAdapter.TrafficListener.NONE);
    }

    private EmbeddedBroker(BrokerConfig settings, CommittedOffsetStore offsets, Executor blocking,
                           PartitionLogStore logs, FetchMemoryBudget fetchMemory,
                           KafkaProtocolAdapter.TrafficListener traffic) {
        InMemoryStorage storage = new InMemoryStorage();
        core = new ApplicationCore(new ApplicationCore.OutboundPorts(logs,
                storage.topicCatalog(), storage.producerIdBlockStore(), offsets, cluster, log,
                new KafkaRecordTimestampReader(), new KafkaRecordBatchRewriter(), scheduler, scheduler.clock(), blocking, cluster,
                storage.transactionStateStore(), new UnreachableRemoteTransactionCoordinatorFake(),
                storage.cleanerCheckpointStore(), new UnreachableRemotePartitionLeaderFake(), storage.groupConfigStore(),
                storage.consumerGroupStateStore(), new Re2jTopicPatternCompiler()),
                settings);
        this.fetchMemory = fetchMemory;
        handlers = KafkaProtocolAdapter.handlers(useCases(core), adminUseCases(core), groupUseCases(core),
                transactionUseCases(core), KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES, fetchMemory, traffic);
        this.traffic = traffic;
    }

    static KafkaProtocolAdapter.UseCases useCases(ApplicationCore core) {
        return new KafkaProtocolAdapter.UseCases(core.produce(), core.fetchRecords(), core.listOffsets(),
                core.initProducerId(), core.createTopic(), core.autoCreateTopic(), core.deleteTopic(),
                core.describeTopics(), core.describeConfigs(), core.describeCluster());
    }

    static KafkaProtocolAdapter.AdminUseCases adminUseCases(ApplicationCore core) {
        return new KafkaProtocolAdapter.AdminUseCases(core.createPartitions(), core.alterConfigs(),
                core.deleteRecords(), core.offsetForLeaderEpoch(), core.describeLogDirs(),
                ApplicationCore.brokerLoggers(new InMemoryLoggerLevelsFake("INFO")), core.electLeaders(),
                core.alterGroupConfigs());
    }

    static KafkaProtocolAdapter.GroupUseCases groupUseCases(ApplicationCore core) {
        return new KafkaProtocolAdapter.GroupUseCases(core.findCoordinator(), core.groupMembership(),
                core.commitOffsets(), core.fetchOffsets(), core.describeGroups(), core.deleteGroups(),
                core.consumerGroupHeartbeat(), core.consumerGroups());
    }

    static KafkaProtocolAdapter.TransactionUseCases transactionUseCases(ApplicationCore core) {
        return new KafkaProtocolAdapter.TransactionUseCases(core.initTransactionalProducer(), core.transactions(),
                core.txnOffsetCommit(), core.describeTransactions(), core.describeProducers(),
                core.writeTxnMarkers());
    }

    Connection connect() {
        return connect(ProtocolTrace.off());
    }

    /** A connection whose exchanges are told to {@code trace}. */
    Connection connect(ProtocolTrace trace) {
        return new Connection(channel(trace));
    }

    /**
     * A connection served by this broker's handlers but {@code replacement}, which serves its API instead, for
     * tests that need a handler to misbehave in a way no real one does today.
     */
    Connection connectServing(ApiHandler<?, ?> replacement) {
        List<ApiHandler<?, ?>> served = new ArrayList<>();
        for (ApiKeys api : ApiKeys.values()) {
            if (api == replacement.apiKey()) {
                served.add(replacement);
            } else {
                handlers.find(api).ifPresent(served::add);
            }
        }
        return new Connection(channel(new ApiHandlers(served), ProtocolTrace.off()));
    }

    /** The pipeline of one connection, as the listener builds it, for tests that write raw bytes. */
    EmbeddedChannel channel(ProtocolTrace trace) {
        return channel(handlers, trace);
    }

    private EmbeddedChannel channel(ApiHandlers served, ProtocolTrace trace) {
        return new EmbeddedChannel(
                new KafkaFrameDecoder(MAX_REQUEST_BYTES, connectionLog),
                new KafkaRequestHandler(served, trace, traffic, fatalErrors, connectionLog,
                        KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_REQUEST_BYTES));
    }

    /** What the listener reported as fatal; a broker would have stopped at the first. */
    RecordingFatalErrorHandler fatalErrors() {
        return fatalErrors;
    }

    /** Moves the clock the connections' rate-limited log reads. */
    void advanceLogClock(Duration elapsed) {
        logNanoTime.addAndGet(elapsed.toNanos());
    }

    FetchMemoryBudget fetchMemory() {
        return fetchMemory;
    }

    /** The trace a listener with {@code --trace-protocol} on or off would have, naming this broker's topics. */
    ProtocolTrace protocolTrace(boolean on) {
        return KafkaProtocolAdapter.protocolTrace(on, core.describeTopics());
    }

    Topic createTopic(String name, int partitions) {
        return core.createTopic().createTopic(new CreateTopicCommand(
                TopicName.of(name), OptionalInt.of(partitions), OptionalInt.empty(), Map.of(), false)).join();
    }

    Uuid topicId(String name) {
        return TopicIds.toWire(core.describeTopics().findTopic(TopicName.of(name)).orElseThrow().id());
    }

    List<String> topicNames() {
        return core.describeTopics().listTopics().stream().map(topic -> topic.name().value()).toList();
    }

    /** The application behind the handlers, for tests that drive one handler or set up state directly. */
    ApplicationCore core() {
        return core;
    }

    ApiHandlers handlers() {
        return handlers;
    }

    /** The newest version of an API this broker serves. */
    short newestVersion(ApiKeys api) {
        return handlers.find(api).orElseThrow().maxVersion();
    }

    ManualSchedulerFake scheduler() {
        return scheduler;
    }

    /**
     * Commits offsets for a group from outside group management, as the admin client does, on a connection of
     * its own; every partition must be accepted.
     */
    void commitOffsets(String group, OffsetCommitRequestTopic... topics) {
        OffsetCommitResponse response = connect().call(LAST_COMMIT_VERSION_BY_NAME,
                GroupRequests.commit(group, GroupRequests.NO_MEMBER_ID, GroupRequests.NO_GENERATION, topics));
        if (response.errorCounts().keySet().stream().anyMatch(error -> error != Errors.NONE)) {
            throw new AssertionError("Offsets of " + group + " were not committed: " + response.data());
        }
    }

    /** Lets {@code group.initial.rebalance.delay.ms} pass: the first join phase of an empty group ends. */
    void passInitialRebalanceDelay() {
        scheduler.advance(Duration.ofMillis(GROUP_CONFIG.initialRebalanceDelayMs()));
    }

    SingleBrokerClusterViewFake cluster() {
        return cluster;
    }

    /** One client connection: sends requests and reads their responses in order. */
    static final class Connection {

        private final EmbeddedChannel channel;
        private final Queue<RequestHeader> awaitingResponse = new ArrayDeque<>();
        private int nextCorrelationId = 1;

        private Connection(EmbeddedChannel channel) {
            this.channel = channel;
        }

        /** Sends a request and returns its header; expect a response unless it is an acks=0 Produce. */
        RequestHeader send(short version, ApiMessage request) {
            RequestHeader header = KafkaWire.header(request, version, nextCorrelationId++);
            awaitingResponse.add(header);
            channel.writeInbound(KafkaWire.frame(header, request));
            return header;
        }

        /** Sends a request no response is expected for. */
        void sendOneWay(short version, ApiMessage request) {
            RequestHeader header = KafkaWire.header(request, version, nextCorrelationId++);
            channel.writeInbound(KafkaWire.frame(header, request));
        }

        void sendBytes(ByteBuf bytes) {
            channel.writeInbound(bytes);
        }

        /** A failure of the connection, handed to its pipeline as Netty hands one over. */
        void fail(Throwable cause) {
            channel.pipeline().fireExceptionCaught(cause);
        }

        @SuppressWarnings("unchecked")
        <T extends AbstractResponse> T call(short version, ApiMessage request) {
            send(version, request);
            return (T) receive();
        }

        /** The response to the oldest request still awaiting one. */
        @SuppressWarnings("unchecked")
        <T extends AbstractResponse> T receive() {
            ByteBuf frame = receiveFrame();
            try {
                return (T) KafkaWire.parseResponse(frame, awaitingResponse.remove());
            } finally {
                frame.release();
            }
        }

        /** The next response frame as sent, size prefix included. */
        ByteBuf receiveFrame() {
            channel.runPendingTasks();
            ByteBuf frame = channel.readOutbound();
            if (frame == null) {
                throw new AssertionError("No response was written");
            }
            return frame;
        }

        boolean hasNoResponse() {
            channel.runPendingTasks();
            return channel.outboundMessages().isEmpty();
        }

        boolean isOpen() {
            channel.runPendingTasks();
            return channel.isOpen();
        }

        /** Whether the broker reads this connection's socket (Netty's auto-read). */
        boolean isReading() {
            channel.runPendingTasks();
            return channel.config().isAutoRead();
        }

        /** How many responses the broker has written that this client has not read yet. */
        int responsesWritten() {
            channel.runPendingTasks();
            return channel.outboundMessages().size();
        }

        /**
         * Makes the socket take no more: {@code bytes} of earlier responses stay in the connection's outbound
         * buffer, unflushed, as when the client stops reading and the TCP buffers are full.
         */
        void stallSocket(int bytes) {
            channel.write(Unpooled.wrappedBuffer(new byte[bytes]));
        }

        /** The socket takes the stalled bytes after all; they are not a response and are dropped. */
        void drainSocket() {
            channel.flush();
            ByteBuf stalled = channel.readOutbound();
            stalled.release();
            channel.runPendingTasks();
        }

        void close() {
            channel.finishAndReleaseAll();
        }
    }

    /** The core's applier, asked by the log at every command: the core is built after the log. */
    private ApplyCommandUseCase applyCommands() {
        return core.applyCommands();
    }
}
