package io.hexalog.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.hexalog.adapter.http.admin.HttpAdminServer;
import io.hexalog.adapter.protocol.kafka.KafkaRemotePartitionLeader;
import io.hexalog.adapter.protocol.kafka.KafkaRemoteTransactionCoordinator;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.adapter.replication.ratis.RatisNode;
import io.hexalog.adapter.scheduler.jdk.ScheduledExecutorScheduler;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.domain.topic.TopicName;

import java.net.InetSocketAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running broker, assembled in two steps: the chosen storage is created and started first, then the
 * application, the Kafka listener and the admin HTTP API are built on the opened storage (a child injector),
 * the stored partitions are opened, and the listeners are bound, Kafka's first. A node of a cluster binds its
 * listeners before it joins, and its admin API reports it not ready until it has. Closing stops the listeners
 * before the storage. A fatal error met by the Kafka listener, the timer or the storage workers goes to the
 * {@link FatalErrorPolicy}.
 */
public final class HexalogBroker implements AutoCloseable, RestartingBroker.Node {

    /** Told of a fatal error of a broker started in process, which does not end the JVM it shares. */
    @FunctionalInterface
    public interface FatalErrorListener {

        /**
         * Called once, for the first fatal error only, on the thread that met it, after the error is logged.
         *
         * @param what  where the error surfaced, such as {@code "in thread hexalog-storage-writer"}
         * @param cause the error, or why the listener stopped
         */
        void onFatalError(String what, Throwable cause);
    }

    /** Where, under the data directory, a node of a cluster keeps its stores, beside its Raft logs. */
    static final String CLUSTER_STATE_DIRECTORY = "state";

    private final ServerConfig config;
    private final OpenedStorage storage;
    private final ScheduledExecutorScheduler scheduler;
    private final StorageWorkers workers;
    private final KafkaServer server;
    private final Optional<HttpAdminServer> http;
    private final AtomicBoolean storageOpen;
    private final CreateTopicUseCase topics;
    /** How long a node of a cluster that shuts down waits for other nodes to take the groups it leads. */
    static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(5);

    private final Optional<RatisNode> clusterNode;
    private final Optional<KafkaRemoteTransactionCoordinator> remoteCoordinator;
    private final Optional<KafkaRemotePartitionLeader> remoteLeader;
    private final ReplicatedLog replicatedLog;

    private HexalogBroker(ServerConfig config, OpenedStorage storage, ScheduledExecutorScheduler scheduler,
                          StorageWorkers workers, KafkaServer server, Optional<HttpAdminServer> http,
                          AtomicBoolean storageOpen, CreateTopicUseCase topics, Optional<RatisNode> clusterNode,
                          ReplicatedLog replicatedLog, Optional<KafkaRemoteTransactionCoordinator> remoteCoordinator,
                          Optional<KafkaRemotePartitionLeader> remoteLeader) {
        this.clusterNode = clusterNode;
        this.remoteCoordinator = remoteCoordinator;
        this.remoteLeader = remoteLeader;
        this.replicatedLog = replicatedLog;
        this.config = config;
        this.storage = storage;
        this.scheduler = scheduler;
        this.workers = workers;
        this.server = server;
        this.http = http;
        this.storageOpen = storageOpen;
        this.topics = topics;
    }

    /**
     * Starts a broker and returns once it accepts connections; a fatal error ends the JVM.
     *
     * @throws BrokerStartupException with a one-line reason when it cannot start
     */
    public static HexalogBroker start(ServerConfig config) {
        return start(config, FatalErrorPolicy.exitingThisProcess());
    }

    /**
     * Starts a broker that shares the JVM with other work, such as an application's tests, and returns once it
     * accepts connections. A fatal error is logged as the standalone broker logs it but does not end the JVM: it
     * goes to {@code onFatalError}, and the broker may no longer serve.
     *
     * @throws BrokerStartupException with a one-line reason when it cannot start
     */
    public static HexalogBroker startInProcess(ServerConfig config, FatalErrorListener onFatalError) {
        return start(config, FatalErrorPolicy.reportingTo(onFatalError));
    }

    /** Starts a broker whose fatal errors go to {@code fatalErrors}. */
    static HexalogBroker start(ServerConfig config, FatalErrorPolicy fatalErrors) {
        Injector storageInjector = Guice.createInjector(StorageModules.forConfig(storageOf(config),
                config.cluster().isPresent()));
        OpenedStorage storage = storageInjector.getInstance(StorageService.class).open();
        AtomicBoolean storageOpen = new AtomicBoolean(true);
        Injector injector = null;
        KafkaServer server = null;
        Optional<HttpAdminServer> http = Optional.empty();
        try {
            injector = storageInjector.createChildInjector(
                    binder -> binder.bind(FatalErrorPolicy.class).toInstance(fatalErrors),
                    new ApplicationModule(config, storage), new KafkaProtocolModule(config.listener(),
                            config.cluster().isPresent(), config.broker().nodeId()),
                    new HttpAdminModule(config.http(), storageOpen::get));
            server = injector.getInstance(KafkaServer.class);
            if (config.cluster().isPresent()) {
                // A node registers its Kafka endpoint with the cluster, so the listener is bound first. It accepts
                // connections only once the node has registered and applied the metadata log up to there, as a
                // Kafka broker serves only once caught up. The admin API answers while the node waits: its
                // readiness says what for.
                ListenerStartFailure.bindOrExplain(server, config.listener());
                injector.getInstance(AdvertisedListener.class).bound(server.boundAddress().getPort());
                http = startHttp(injector, config.http());
                injector.getInstance(ApplicationCore.class).start();
                server.accept();
            } else {
                // Kafka clients are served first: the admin API's start (its HTTP server) would only delay them.
                injector.getInstance(ApplicationCore.class).start();
                ListenerStartFailure.bindOrExplain(server, config.listener());
                injector.getInstance(AdvertisedListener.class).bound(server.boundAddress().getPort());
                server.accept();
                http = startHttp(injector, config.http());
            }
            return new HexalogBroker(config, storage, injector.getInstance(ScheduledExecutorScheduler.class),
                    injector.getInstance(StorageWorkers.class), server, http, storageOpen,
                    injector.getInstance(CreateTopicUseCase.class), clusterNode(injector),
                    injector.getInstance(ReplicatedLog.class), remoteCoordinator(injector),
                    remoteLeader(injector));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAfterFailedStart(injector, server, http, storage);
            throw new BrokerStartupException("Interrupted while starting", e);
        } catch (RuntimeException e) {
            closeAfterFailedStart(injector, server, http, storage);
            throw e;
        }
    }

    /**
     * Where the broker's stores live. A node of a cluster keeps them in a directory of their own beside its Raft
     * logs; on RocksDB they survive a restart, and the node applies only the commands its snapshots do not
     * cover (see the cluster ADR). A node refuses a data directory that holds a single broker's database, whose
     * topics it would never read.
     */
    private static ServerConfig.Storage storageOf(ServerConfig config) {
        ServerConfig.Storage storage = config.storage();
        if (config.cluster().isEmpty()) {
            return storage;
        }
        Path state = storage.dataDir().resolve(CLUSTER_STATE_DIRECTORY);
        if (RocksDbStorage.holdsDatabase(storage.dataDir())) {
            throw new BrokerStartupException("Data directory " + storage.dataDir() + " holds a single broker's "
                    + "RocksDB database, which a node of a cluster would leave unread: a node keeps its stores in "
                    + state + " and its Raft logs beside them, and does not take a single broker's topics in. Start "
                    + "it without --quorum-voters, or give the node another --data-dir");
        }
        return new ServerConfig.Storage(storage.kind(), state, storage.fsync(), storage.memoryMaxBytes(),
                storage.readPoolBytes());
    }

    private static Optional<KafkaRemoteTransactionCoordinator> remoteCoordinator(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<Optional<KafkaRemoteTransactionCoordinator>>() { }));
    }

    private static Optional<KafkaRemotePartitionLeader> remoteLeader(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<Optional<KafkaRemotePartitionLeader>>() { }));
    }

    private static Optional<RatisNode> clusterNode(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<Optional<RatisNode>>() { }));
    }

    /** Starts the admin HTTP API, when it is on. */
    private static Optional<HttpAdminServer> startHttp(Injector injector, ServerConfig.Http config) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        HttpAdminServer http = injector.getInstance(HttpAdminServer.class);
        try {
            http.start();
        } catch (RuntimeException e) {
            throw new BrokerStartupException("Cannot serve HTTP on " + config.host() + ":" + config.port()
                    + " (--http-port=-1 turns it off): " + e.getMessage(), e);
        }
        return Optional.of(http);
    }

    /** Undoes what a start got through before it failed, the listeners and the application's threads first. */
    private static void closeAfterFailedStart(Injector injector, KafkaServer server, Optional<HttpAdminServer> http,
                                              OpenedStorage storage) {
        http.ifPresent(HttpAdminServer::close);
        if (server != null) {
            server.close();
        }
        if (injector != null) {
            clusterNode(injector).ifPresent(RatisNode::close);
            remoteCoordinator(injector).ifPresent(KafkaRemoteTransactionCoordinator::close);
            remoteLeader(injector).ifPresent(KafkaRemotePartitionLeader::close);
            injector.getInstance(ScheduledExecutorScheduler.class).close();
            injector.getInstance(StorageWorkers.class).close();
        }
        storage.close();
    }

    /** The bytes of memory the storage has lent to reads not yet released: what a leak check reads. */
    long storageReadBytesLent() {
        return storage.readBytesLent().getAsLong();
    }

    /**
     * Asks the Kafka listener for its API versions and its metadata over a connection of its own, as a client's
     * first requests do, and returns once both are answered without an error.
     *
     * @param timeout how long each request may wait for its answer
     * @throws BrokerStartupException naming the answer that was missing or wrong
     */
    public void checkListenerAnswers(Duration timeout) {
        try {
            server.checkAnswers(timeout);
        } catch (IllegalStateException e) {
            throw new BrokerStartupException(e.getMessage(), e);
        }
    }

    /** The port the broker listens on (the chosen one when started with port 0). */
    public int port() {
        return server.boundAddress().getPort();
    }

    /** What a client puts in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        int advertisedPort = config.listener().advertisedPort();
        return config.listener().advertisedHost() + ":" + (advertisedPort != 0 ? advertisedPort : port());
    }

    public ServerConfig config() {
        return config;
    }

    /** Where the admin HTTP API listens (the chosen port when started with port 0); empty when it is off. */
    public Optional<InetSocketAddress> httpAddress() {
        return http.map(HttpAdminServer::boundAddress);
    }

    Optional<HttpAdminServer> httpServer() {
        return http;
    }

    /**
     * The log every change to shared state goes through, for commands no Kafka request of this broker submits
     * yet (the transaction markers of a coordinator).
     */
    ReplicatedLog replicatedLog() {
        return replicatedLog;
    }

    /**
     * Creates a topic as a CreateTopics request does, the broker's defaults for its replication factor and for
     * every config it does not set, and returns once it is stored.
     *
     * @throws io.hexalog.domain.error.TopicAlreadyExistsException if the name is taken, and the other errors of
     *         {@link CreateTopicUseCase#createTopic}
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        CreateTopicCommand command = new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitions),
                OptionalInt.empty(), configs, false);
        try {
            topics.createTopic(command).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Completes, with why, once this broker can go on following its cluster only by starting again while the other
     * nodes run (see the cluster documentation): the others purged their metadata logs past what this node holds, so
     * that it follows the cluster's metadata no more, or Ratis failed a write of one of its group logs (a full disk)
     * and the data volume has room again. Started again on the same configuration, it drops a metadata log the others
     * purged past and copies the metadata leader's snapshot, reopens its logs, and keeps its partitions. A broker
     * process does that by itself ({@link RestartingBroker}); a broker started in process is left to whoever started
     * it. Never completes on a single broker.
     */
    @Override
    public CompletableFuture<String> whenRestartNeeded() {
        return clusterNode.map(RatisNode::whenRestartNeeded).orElseGet(CompletableFuture::new);
    }

    /**
     * Stops the broker as a Kafka broker's controlled shutdown does: a node of a cluster first hands the leadership of
     * its groups to other nodes, waiting up to {@link #HAND_OVER_TIMEOUT} while it still answers clients (who are
     * sent to the new leaders), then {@link #close closes}. What the process does when it is told to stop.
     *
     * @return how many groups the node still led when it closed: 0 once every one was handed over, and on a single
     *         broker
     */
    @Override
    public int shutDown() {
        int stillLed = clusterNode.map(node -> node.handOverLeaderships(HAND_OVER_TIMEOUT)).orElse(0);
        close();
        return stillLed;
    }

    /**
     * Stops the admin HTTP API and the Kafka listener, then the timer and the storage workers (letting writes
     * under way end), then the storage. A node of a cluster stops leading its groups only as it stops answering, as
     * a process that crashed would ({@link #shutDown} hands them over first).
     */
    @Override
    public void close() {
        http.ifPresent(HttpAdminServer::close);
        server.close();
        clusterNode.ifPresent(RatisNode::close);
        remoteCoordinator.ifPresent(KafkaRemoteTransactionCoordinator::close);
        remoteLeader.ifPresent(KafkaRemotePartitionLeader::close);
        scheduler.close();
        workers.close();
        storageOpen.set(false);
        storage.close();
    }
}
