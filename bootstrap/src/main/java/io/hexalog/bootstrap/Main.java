package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.replication.ratis.ClusterSettings;
import io.hexalog.adapter.replication.ratis.QuorumVoter;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupMigrationPolicy;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeoutBounds;
import io.hexalog.application.service.TransactionCoordinatorConfig;
import io.hexalog.domain.topic.PartitionCountPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code java -jar hexalog.jar}: parses the flags, starts the broker, and stops it on SIGTERM / Ctrl-C. */
@Command(name = "hexalog", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        defaultValueProvider = KafkaDefaults.class,
        description = "A Kafka-compatible message broker.", sortOptions = false, abbreviateSynopsis = true,
        usageHelpWidth = FlagHelp.WIDTH)
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String WILDCARD = "0.0.0.0";
    /** How long {@code --exit-when-ready} waits for each answer of the listener it asks. */
    private static final Duration SELF_CHECK_TIMEOUT = Duration.ofSeconds(10);
    /** How long a broker runs, at least, before it restarts itself ({@link RestartingBroker}). */
    static final Duration RESTART_MIN_UPTIME = Duration.ofSeconds(30);

    @Option(names = "--storage", defaultValue = "rocksdb",
            description = "Where data lives: memory (lost on exit) or rocksdb (persistent). Default: ${DEFAULT-VALUE}.")
    StorageKind storageKind;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Directory of persistent storage. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--fsync", defaultValue = "never",
            description = "never: leave flushing to the OS, like Kafka (survives a broker crash); always: sync the "
                    + "write-ahead log before acknowledging (survives power loss). A cluster node forces its Raft "
                    + "logs whatever it says. Default: ${DEFAULT-VALUE}.")
    FsyncPolicy fsync;

    @Option(names = "--memory-max-bytes",
            description = "Direct memory --storage=memory may hold for batches; a produce that does not fit is refused "
                    + "with POLICY_VIOLATION (log.memory.max.bytes). Default: half of the JVM's direct memory limit "
                    + "(-XX:MaxDirectMemorySize, else the maximum heap).")
    Long memoryMaxBytes;

    @Option(names = "--log-rocksdb-read-pool-bytes",
            description = "Direct memory --storage=rocksdb reads copy record batches into, in 4 MiB buffers, so that "
                    + "fetches send them without another copy; past it reads copy to the heap. 0: no pool "
                    + "(log.rocksdb.read.pool.bytes). Default: 67108864 (64 MiB).")
    Long rocksDbReadPoolBytes;

    @Option(names = "--host", defaultValue = WILDCARD, description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "9092", description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--advertised-host",
            description = "Host clients are told to connect to. Default: --host, or this machine's name when listening on all addresses.")
    String advertisedHost;

    @Option(names = "--http-port", defaultValue = "8082",
            description = "Port of the admin HTTP API (REST v3, health checks, /docs); 0 picks a free one, -1 turns it off (http.port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--http-host",
            description = "Address the admin HTTP API listens on (http.host). Default: --host.")
    String httpHost;

    @Option(names = "--node-id", defaultValue = "1", description = "This broker's node ID. Default: ${DEFAULT-VALUE}.")
    int nodeId;

    @Option(names = "--quorum-voters", paramLabel = "ID@HOST:PORT,...",
            description = "The nodes of a replicated cluster and the address each uses for replication; this node finds its own by --node-id (controller.quorum.voters). Default: none, the broker runs alone.")
    String quorumVoters;

    @Option(names = "--default-replication-factor",
            description = "Replicas of auto-created topics and of topics created with replication factor -1 (default.replication.factor). Default: min(3, number of voters).")
    Integer defaultReplicationFactor;

    @Option(names = "--quorum-election-timeout-ms",
            description = "How long a cluster node waits for a Raft leader before it stands for election; elections are spread between it and one and a half times it, and a partition's failover takes one to three times that (controller.quorum.election.timeout.ms). Default: 1000, at least 200.")
    Long quorumElectionTimeoutMs;

    @Option(names = "--replica-copy-max-bytes-per-second",
            description = "Most bytes of record batches a second that a cluster node which lost its data directory copies from the partitions' leaders, so that the copy leaves the leaders' disks and network to their clients; 0 for no limit (replica.copy.max.bytes.per.second). Default: 0.")
    Long replicaCopyMaxBytesPerSecond;

    @Option(names = "--replica-lag-time-max-ms",
            description = "How long a cluster node's replica of a partition may go without holding what the partition's leader had committed before it leaves the in-sync replicas (replica.lag.time.max.ms); a replica whose node stops answering leaves at once. Default: 30000.")
    Long replicaLagTimeMaxMs;

    @Option(names = "--replica-absence-max-ms",
            description = "How long the other nodes of a cluster keep their Raft logs for a node that stopped following them (replica.absence.max.ms); a node that comes back later copies what its partitions lack from the partitions' leaders instead of replaying the logs. Only for RocksDB nodes. Default: 300000.")
    Long replicaAbsenceMaxMs;

    @Option(names = "--storage-min-free-bytes",
            description = "Free space a cluster node's data volume keeps in reserve: below it, every partition the node replicates refuses produce (KAFKA_STORAGE_ERROR) until it has room again, so that no node's Raft log meets a full disk; 0 for no reserve (storage.min.free.bytes). Default: 268435456.")
    Long storageMinFreeBytes;

    @Option(names = "--num-partitions",
            description = "Partitions of topics created without a count, auto-created ones included. Default: ${DEFAULT-VALUE}.")
    int numPartitions;

    @Option(names = "--max-broker-partitions",
            description = "Most partitions this broker hosts, however they are created; a request for more is refused "
                    + "with POLICY_VIOLATION (max.broker.partitions). Default: ${DEFAULT-VALUE}.")
    int maxBrokerPartitions;

    @Option(names = "--auto-create-topics", arity = "1",
            description = "Create unknown topics when clients ask for their metadata. Default: ${DEFAULT-VALUE}.")
    boolean autoCreateTopics;

    @Option(names = "--max-request-bytes",
            description = "Largest request accepted; bigger ones close the connection. Default: ${DEFAULT-VALUE}.")
    int maxRequestBytes;

    @Option(names = "--network-threads",
            description = "Event-loop threads serving connections (num.network.threads). Default: the number of CPUs.")
    Integer networkThreads;

    @Option(names = "--io-threads", description = "Deprecated name of --network-threads.")
    Integer ioThreads;

    @Option(names = "--max-connections",
            description = "Connections open at once; more are closed when accepted (max.connections). Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--max-connections-per-ip",
            description = "Connections open at once from one IP address; more are closed when accepted; 0 admits only "
                    + "the hosts of --max-connections-per-ip-overrides (max.connections.per.ip). Default: ${DEFAULT-VALUE}.")
    int maxConnectionsPerIp;

    @Option(names = "--max-connections-per-ip-overrides", paramLabel = "HOST:COUNT[,HOST:COUNT...]",
            description = "Limits of particular hosts or IP addresses instead of --max-connections-per-ip, such as "
                    + "127.0.0.1:200,client-host:50 (max.connections.per.ip.overrides). Default: none.")
    String maxConnectionsPerIpOverrides;

    @Option(names = "--connections-max-idle-ms",
            description = "Connections with nothing read or written for this long are closed; -1 keeps them "
                    + "(connections.max.idle.ms). Default: ${DEFAULT-VALUE}.")
    long connectionsMaxIdleMs;

    @Option(names = "--connection-max-in-flight-requests",
            defaultValue = "" + KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            description = "Requests one connection may have awaiting their response; the next is read once one is answered. Default: ${DEFAULT-VALUE}.")
    int maxInFlightRequestsPerConnection;

    @Option(names = "--fetch-max-bytes",
            description = "Most bytes one fetch response holds, whatever the client asks; a first batch larger than that is still returned (fetch.max.bytes). Default: ${DEFAULT-VALUE}.")
    int fetchMaxBytes;

    @Option(names = "--fetch-memory-bytes",
            description = "Bytes all fetch responses may hold at once, from reading to being sent; a fetch beyond it is trimmed or waits. Default: a quarter of the maximum heap.")
    Long fetchMemoryBytes;

    @Option(names = "--group-initial-rebalance-delay-ms",
            description = "How long the first rebalance of an empty consumer group waits for more members. Default: ${DEFAULT-VALUE}.")
    int groupInitialRebalanceDelayMs;

    @Option(names = "--group-min-session-timeout-ms",
            description = "Shortest session timeout a consumer may ask for. Default: ${DEFAULT-VALUE}.")
    int groupMinSessionTimeoutMs;

    @Option(names = "--group-max-session-timeout-ms",
            description = "Longest session timeout a consumer may ask for. Default: ${DEFAULT-VALUE}.")
    int groupMaxSessionTimeoutMs;

    @Option(names = "--group-consumer-session-timeout-ms",
            description = "How long a member of a consumer-protocol group (KIP-848) may stay silent before it is removed "
                    + "(group.consumer.session.timeout.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerSessionTimeoutMs;

    @Option(names = "--group-consumer-heartbeat-interval-ms",
            description = "How often members of a consumer-protocol group are told to heartbeat "
                    + "(group.consumer.heartbeat.interval.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerHeartbeatIntervalMs;

    @Option(names = "--group-consumer-min-session-timeout-ms",
            description = "Shortest session timeout of a consumer-protocol group, the broker's default or a group's own "
                    + "(group.consumer.min.session.timeout.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerMinSessionTimeoutMs;

    @Option(names = "--group-consumer-max-session-timeout-ms",
            description = "Longest session timeout of a consumer-protocol group, the broker's default or a group's own "
                    + "(group.consumer.max.session.timeout.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerMaxSessionTimeoutMs;

    @Option(names = "--group-consumer-min-heartbeat-interval-ms",
            description = "Shortest heartbeat interval of a consumer-protocol group, the broker's default or a group's "
                    + "own (group.consumer.min.heartbeat.interval.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerMinHeartbeatIntervalMs;

    @Option(names = "--group-consumer-max-heartbeat-interval-ms",
            description = "Longest heartbeat interval of a consumer-protocol group, the broker's default or a group's "
                    + "own (group.consumer.max.heartbeat.interval.ms). Default: ${DEFAULT-VALUE}.")
    int groupConsumerMaxHeartbeatIntervalMs;

    @Option(names = "--group-consumer-assignors",
            description = "Server-side assignors of consumer-protocol groups, comma-separated: uniform, range; the "
                    + "first is the default (group.consumer.assignors). Default: ${DEFAULT-VALUE}.")
    String groupConsumerAssignors;

    @Option(names = "--group-consumer-max-size",
            description = "Most members a consumer-protocol group may have (group.consumer.max.size). "
                    + "Default: ${DEFAULT-VALUE}.")
    int groupConsumerMaxSize;

    @Option(names = "--group-consumer-migration-policy",
            description = "Whether a group with members changes kind online between classic and consumer protocol: "
                    + "disabled, upgrade, downgrade or bidirectional (group.consumer.migration.policy). "
                    + "Default: ${DEFAULT-VALUE}.")
    String groupConsumerMigrationPolicy;

    @Option(names = "--offsets-retention-minutes",
            description = "How long committed offsets of an empty group are kept. Default: ${DEFAULT-VALUE} (7 days).")
    long offsetsRetentionMinutes;

    @Option(names = "--transaction-max-timeout-ms",
            description = "Longest transaction.timeout.ms a transactional producer may ask for "
                    + "(transaction.max.timeout.ms). Default: ${DEFAULT-VALUE} (15 minutes).")
    int transactionMaxTimeoutMs;

    @Option(names = "--transactional-id-expiration-ms",
            description = "How long a transactional ID without a transaction is kept after its producer's last request "
                    + "(transactional.id.expiration.ms). Default: ${DEFAULT-VALUE} (7 days).")
    long transactionalIdExpirationMs;

    @Option(names = "--transaction-abort-timed-out-interval-ms",
            description = "How often transactions open past their timeout are aborted "
                    + "(transaction.abort.timed.out.transaction.cleanup.interval.ms). Default: ${DEFAULT-VALUE}.")
    long transactionAbortTimedOutIntervalMs;

    @Option(names = "--log-level", paramLabel = "[LOGGER=]LEVEL",
            description = "Level of the root logger, or of one logger and those below it "
                    + "(io.hexalog.adapter.protocol.kafka=DEBUG); repeatable. Levels: " + LogSettings.LEVEL_NAMES
                    + ". Default: INFO.")
    List<String> logLevels = new ArrayList<>();

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "text, or json for one JSON object per line. Default: text.")
    String logFormat;

    @Option(names = "--trace-protocol", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Log every request and its response on one line, at INFO on the logger "
                    + KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER + ": what clients ask and are told. Default: ${DEFAULT-VALUE}.")
    boolean traceProtocol;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Broker config file in Kafka's server.properties format; flags override its values. "
                    + "May also be given alone, as kafka-server-start.sh takes it: hexalog server.properties.")
    Path configFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG_FILE",
            description = "Broker config file, as --config takes it.")
    Path configFileArgument;

    @Option(names = "--override", paramLabel = "KEY=VALUE",
            description = "Sets one config key over the config file and the environment, as kafka-server-start.sh "
                    + "does; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--message-max-bytes",
            description = "Largest record batch a topic accepts unless it sets max.message.bytes (message.max.bytes). Default: ${DEFAULT-VALUE}.")
    int messageMaxBytes;

    @Option(names = "--min-insync-replicas",
            description = "Replicas that must be in sync for an acks=all produce, unless the topic sets min.insync.replicas; in a cluster at most a majority of --default-replication-factor (min.insync.replicas). Default: ${DEFAULT-VALUE}.")
    int minInSyncReplicas;

    @Option(names = "--log-retention-ms",
            description = "How long topics keep batches unless they set retention.ms; -1 keeps them forever (log.retention.ms). Default: ${DEFAULT-VALUE}.")
    long logRetentionMs;

    @Option(names = "--log-retention-bytes",
            description = "Size a partition log may reach before its oldest batches go, unless the topic sets retention.bytes; -1 for no limit (log.retention.bytes). Default: ${DEFAULT-VALUE}.")
    long logRetentionBytes;

    @Option(names = "--log-message-timestamp-type",
            description = "CreateTime or LogAppendTime, for topics that do not set message.timestamp.type (log.message.timestamp.type). Default: ${DEFAULT-VALUE}.")
    String logMessageTimestampType;

    @Option(names = "--log-retention-check-interval-ms",
            description = "How often retention looks for batches to delete (log.retention.check.interval.ms). Default: ${DEFAULT-VALUE}.")
    long logRetentionCheckIntervalMs;

    @Option(names = "--log-segment-bytes",
            description = "Size the active segment of a compacted topic's log reaches before it closes and may be cleaned, unless the topic sets segment.bytes (log.segment.bytes). Default: ${DEFAULT-VALUE}.")
    int logSegmentBytes;

    @Option(names = "--log-roll-ms",
            description = "Time after which the active segment of a compacted topic's log closes, unless the topic sets segment.ms (log.roll.ms). Default: ${DEFAULT-VALUE}.")
    long logRollMs;

    @Option(names = "--log-cleaner-enable", arity = "1",
            description = "Whether topics whose cleanup.policy includes compact are compacted (log.cleaner.enable). Default: ${DEFAULT-VALUE}.")
    boolean logCleanerEnable;

    @Option(names = "--log-cleaner-backoff-ms",
            description = "How long the log cleaner rests when no log needs cleaning (log.cleaner.backoff.ms). Default: ${DEFAULT-VALUE}.")
    long logCleanerBackoffMs;

    @Option(names = "--log-cleaner-dedupe-buffer-size",
            description = "Most bytes one cleaning's key offset map takes: 24 per key, at most load factor full; a log with more keys is cleaned in several rounds (log.cleaner.dedupe.buffer.size). More than 1048576. Default: ${DEFAULT-VALUE}.")
    long logCleanerDedupeBufferSize;

    @Option(names = "--log-cleaner-io-buffer-load-factor",
            description = "Share of the dedupe buffer's slots one cleaning fills at most, above 0 and at most 1 (log.cleaner.io.buffer.load.factor). Default: ${DEFAULT-VALUE}.")
    double logCleanerIoBufferLoadFactor;

    @Option(names = "--log-cleaner-min-cleanable-ratio",
            description = "Share of a compacted log not yet cleaned above which the cleaner takes it, unless the topic sets min.cleanable.dirty.ratio (log.cleaner.min.cleanable.ratio). Default: ${DEFAULT-VALUE}.")
    String logCleanerMinCleanableRatio;

    @Option(names = "--log-cleaner-min-compaction-lag-ms",
            description = "Least time a record stays uncompacted, unless the topic sets min.compaction.lag.ms (log.cleaner.min.compaction.lag.ms). Default: ${DEFAULT-VALUE}.")
    long logCleanerMinCompactionLagMs;

    @Option(names = "--log-cleaner-max-compaction-lag-ms",
            description = "Most time a record stays uncompacted once its segment closed, unless the topic sets max.compaction.lag.ms (log.cleaner.max.compaction.lag.ms). Default: ${DEFAULT-VALUE}.")
    long logCleanerMaxCompactionLagMs;

    @Option(names = "--log-cleaner-delete-retention-ms",
            description = "How long a cleaned tombstone stays, unless the topic sets delete.retention.ms (log.cleaner.delete.retention.ms). Default: ${DEFAULT-VALUE}.")
    long logCleanerDeleteRetentionMs;

    @Option(names = "--exit-when-ready",
            description = "Start, ask the Kafka listener for its API versions and metadata as a client would, report ready, then stop at once: checks a configuration and a data directory, and is the training run that records the class-data archive at build time.")
    boolean exitWhenReady;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    /** The config keys resolved by the last {@link #config(ServerProperties)}, with their values. */
    private Map<String, String> effective = Map.of();

    public Main() {
        this(System.getenv());
    }

    /** @param environment the variables the {@code KAFKA_*} config keys are read from */
    Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        int exitCode = commandLine(new Main()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line of {@code main}, its help showing each flag's config key. */
    static CommandLine commandLine(Main main) {
        CommandLine commandLine = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true);
        FlagHelp.install(commandLine);
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        HexalogBroker broker;
        FatalErrorPolicy fatalErrors = FatalErrorPolicy.exitingThisProcess();
        // Threads the broker does not hand a handler of its own (RocksDB's writer and readers) end up here too.
        Thread.setDefaultUncaughtExceptionHandler(fatalErrors);
        try {
            ServerProperties keys = configKeys();
            LogSettings logging = logSettings(keys);
            logging.apply();
            ServerConfig config = config(keys);
            EffectiveConfig.log(config, effective, logging, keys);
            if (config.listener().traceProtocol()) {
                showProtocolTrace();
            }
            broker = HexalogBroker.start(config, fatalErrors);
        } catch (BrokerStartupException | IllegalArgumentException e) {
            System.err.println("hexalog: cannot start: " + e.getMessage());
            return 1;
        }
        if (exitWhenReady) {
            try {
                broker.checkListenerAnswers(SELF_CHECK_TIMEOUT);
            } catch (BrokerStartupException e) {
                broker.close();
                System.err.println("hexalog: cannot start: " + e.getMessage());
                return 1;
            }
        }
        ServerConfig started = broker.config();
        LOG.info("Hexalog {} ready on {}:{} (advertised as {}), {}, storage {}, node {}", Version.current(),
                started.listener().host(), broker.port(), broker.bootstrapServers(),
                broker.httpAddress().map(address -> "admin HTTP on http://" + address.getHostString() + ":"
                        + address.getPort()).orElse("admin HTTP off"),
                started.storage().kind().name().toLowerCase(), started.broker().nodeId());
        if (exitWhenReady) {
            broker.close();
            LOG.info("Hexalog stopped");
            return 0;
        }
        RestartingBroker running = new RestartingBroker(broker, () -> HexalogBroker.start(started, fatalErrors),
                RESTART_MIN_UPTIME);
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        running.whenRestartFailed().thenAccept(reason -> {
            System.err.println("hexalog: cannot start again: " + reason);
            exitCode.complete(1);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Hexalog stopping");
            running.shutDown();
            LOG.info("Hexalog stopped");
            exitCode.complete(0);
        }, "hexalog-shutdown"));
        return exitCode.join();
    }

    /** Asked for by name, the trace shows even when {@code --log-level} hides other INFO lines. */
    private static void showProtocolTrace() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER))
                .setLevel(Level.INFO);
    }

    ServerConfig config() {
        return config(configKeys());
    }

    /**
     * The config keys of the config file, the environment and {@code --override}; reads the file but logs
     * nothing, as logging is not set up yet.
     *
     * @throws BrokerStartupException for a file that cannot be read or an override that is no key=value
     */
    ServerProperties configKeys() {
        if (configFile != null && configFileArgument != null && !configFile.equals(configFileArgument)) {
            throw new BrokerStartupException("Two config files given, " + configFileArgument + " and --config "
                    + configFile + "; give one");
        }
        Path file = configFile != null ? configFile : configFileArgument;
        ServerProperties fromFile = file != null ? ServerProperties.load(file) : ServerProperties.none();
        return fromFile.overriddenBy(KafkaEnvironment.configKeys(environment), overrideKeys());
    }

    private Map<String, String> overrideKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals < 1) {
                throw new BrokerStartupException("--override needs key=value, such as --override num.partitions=3, "
                        + "was '" + override + "'");
            }
            keys.put(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        return keys;
    }

    /** The log format and levels; the format may come from {@code log.format}, the levels only from flags. */
    LogSettings logSettings(ServerProperties keys) {
        boolean flagGiven = logFormat != null;
        String format = flagGiven ? logFormat : keys.get(LogSettings.FORMAT_KEY).orElse("text");
        return LogSettings.parse(format, flagGiven ? "--log-format" : keys.origin(LogSettings.FORMAT_KEY), logLevels);
    }

    /**
     * The configuration to start with; warns once of each key it does not read.
     *
     * @throws BrokerStartupException naming the key for a key asking for what this broker cannot do
     * @throws IllegalArgumentException naming the flag or key the operator wrote, for an invalid value
     */
    ServerConfig config(ServerProperties keys) {
        KafkaConfigKeys.refuseUnsupported(keys);
        KafkaConfigKeys.warnings(keys).forEach(LOG::warn);
        if (ioThreads != null) {
            LOG.warn("--io-threads is deprecated: it is --network-threads (num.network.threads)");
        }
        ServerConfigResolver resolve = new ServerConfigResolver(keys,
                flag -> spec.commandLine().getParseResult().hasMatchedOption(flag));
        try {
            ServerConfig.Listener listener = listener(resolve, keys);
            ServerConfig.Storage storage = storage(resolve, keys);
            ServerConfig.Http http = http(resolve, listener);
            // The broker part comes last: the config names the operator set include the listener's and storage's.
            ServerConfig single = new ServerConfig(listener, storage, broker(resolve, keys), http);
            ServerConfig config = cluster(resolve).map(single::withCluster).orElse(single);
            effective = resolve.effective();
            return config;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(resolve.inTermsOfWhatWasWritten(e.getMessage()), e);
        }
    }

    private Optional<ServerConfig.Cluster> cluster(ServerConfigResolver resolve) {
        String voters = resolve.stringValue("--quorum-voters", quorumVoters, "controller.quorum.voters");
        if (voters == null || voters.isBlank()) {
            return Optional.empty();
        }
        List<QuorumVoter> parsed;
        try {
            parsed = QuorumVoter.parseAll(voters);
        } catch (IllegalArgumentException e) {
            throw new BrokerStartupException("--quorum-voters: " + e.getMessage());
        }
        int replicationFactor = resolve.intValue("--default-replication-factor",
                defaultReplicationFactor != null ? defaultReplicationFactor : Math.min(3, parsed.size()),
                "default.replication.factor");
        long electionTimeoutMs = resolve.longValue("--quorum-election-timeout-ms",
                quorumElectionTimeoutMs != null ? quorumElectionTimeoutMs
                        : ServerConfig.Cluster.DEFAULT_ELECTION_TIMEOUT.toMillis(),
                "controller.quorum.election.timeout.ms");
        long replicaCopyBytesPerSecond = resolve.longValue("--replica-copy-max-bytes-per-second",
                replicaCopyMaxBytesPerSecond != null ? replicaCopyMaxBytesPerSecond : 0,
                "replica.copy.max.bytes.per.second");
        long minFreeBytes = resolve.longValue("--storage-min-free-bytes",
                storageMinFreeBytes != null ? storageMinFreeBytes : ServerConfig.Cluster.DEFAULT_STORAGE_MIN_FREE_BYTES,
                "storage.min.free.bytes");
        long replicaLagTimeMaxMillis = resolve.longValue("--replica-lag-time-max-ms",
                replicaLagTimeMaxMs != null ? replicaLagTimeMaxMs
                        : ClusterSettings.DEFAULT_REPLICA_LAG_TIME_MAX.toMillis(),
                "replica.lag.time.max.ms");
        long replicaAbsenceMaxMillis = resolve.longValue("--replica-absence-max-ms",
                replicaAbsenceMaxMs != null ? replicaAbsenceMaxMs
                        : ClusterSettings.Snapshots.DEFAULT_ABSENT_MEMBER_LOG_RETENTION.toMillis(),
                "replica.absence.max.ms");
        return Optional.of(new ServerConfig.Cluster(parsed, replicationFactor, Duration.ofMillis(electionTimeoutMs),
                replicaCopyBytesPerSecond, minFreeBytes, Duration.ofMillis(replicaLagTimeMaxMillis),
                Duration.ofMillis(replicaAbsenceMaxMillis)));
    }

    private ServerConfig.Http http(ServerConfigResolver resolve, ServerConfig.Listener listener) {
        return new ServerConfig.Http(
                resolve.stringValue("--http-host", httpHost != null ? httpHost : listener.host(), "http.host"),
                resolve.intValue("--http-port", httpPort, "http.port"));
    }

    private ServerConfig.Listener listener(ServerConfigResolver resolve, ServerProperties keys) {
        ListenerAddresses addresses = ListenerAddresses.of(keys, spec.commandLine().getParseResult()::hasMatchedOption,
                host, port, advertisedHost);
        return new ServerConfig.Listener(addresses.host(), addresses.port(),
                addresses.advertisedHost().orElseGet(() -> defaultAdvertisedHost(addresses.host())),
                resolve.intValue("--max-request-bytes", maxRequestBytes, "socket.request.max.bytes"),
                resolve.intValue(networkThreadsFlag(), networkThreads != null ? networkThreads
                        : ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors(),
                        "num.network.threads"),
                resolve.booleanValue("--trace-protocol", traceProtocol, "log.trace.protocol"),
                resolve.intValue("--connection-max-in-flight-requests", maxInFlightRequestsPerConnection,
                        "connection.max.in.flight.requests"),
                resolve.intValue("--fetch-max-bytes", fetchMaxBytes, "fetch.max.bytes"),
                resolve.longValue("--fetch-memory-bytes",
                        fetchMemoryBytes != null ? fetchMemoryBytes : KafkaProtocolAdapter.defaultFetchMemoryBytes(),
                        "fetch.memory.bytes"),
                connections(resolve), addresses.advertisedPort());
    }

    private String networkThreadsFlag() {
        return networkThreads == null && ioThreads != null ? "--io-threads" : "--network-threads";
    }

    private ServerConfig.Connections connections(ServerConfigResolver resolve) {
        String overrides = resolve.stringValue("--max-connections-per-ip-overrides", maxConnectionsPerIpOverrides,
                "max.connections.per.ip.overrides");
        return new ServerConfig.Connections(
                resolve.intValue("--max-connections", maxConnections, "max.connections"),
                resolve.intValue("--max-connections-per-ip", maxConnectionsPerIp, "max.connections.per.ip"),
                ServerConfig.Connections.parseOverrides(overrides == null ? "" : overrides),
                resolve.longValue("--connections-max-idle-ms", connectionsMaxIdleMs, "connections.max.idle.ms"));
    }

    private ServerConfig.Storage storage(ServerConfigResolver resolve, ServerProperties file) {
        Path data = Path.of(resolve.stringValue("--data-dir", dataDir.toString(),
                file.get("log.dirs").isPresent() ? "log.dirs" : "log.dir"));
        if (data.toString().contains(",")) {
            throw new BrokerStartupException("Only one data directory is supported, not " + data);
        }
        long memoryMax = resolve.longValue("--memory-max-bytes", memoryMaxBytes != null ? memoryMaxBytes
                : DirectMemory.memoryStoreDefaultBytes(), "log.memory.max.bytes");
        long readPool = resolve.longValue("--log-rocksdb-read-pool-bytes", rocksDbReadPoolBytes != null
                ? rocksDbReadPoolBytes : RocksDbStorage.DEFAULT_READ_POOL_BYTES, "log.rocksdb.read.pool.bytes");
        ServerConfig.Storage storage = new ServerConfig.Storage(storageKind, data, fsync, memoryMax, readPool);
        DirectMemory.requireReadPoolFits(storageKind, readPool, DirectMemory.limitBytes());
        return storage;
    }

    private ServerConfig.Broker broker(ServerConfigResolver resolve, ServerProperties file) {
        int node = resolve.intValue("--node-id", nodeId, file.get("node.id").isPresent() ? "node.id" : "broker.id");
        var logDefaults = ServerConfigResolver.logDefaults(
                resolve.intValue("--message-max-bytes", messageMaxBytes, "message.max.bytes"),
                resolve.retentionMs("--log-retention-ms", logRetentionMs),
                resolve.longValue("--log-retention-bytes", logRetentionBytes, "log.retention.bytes"),
                resolve.stringValue("--log-message-timestamp-type", logMessageTimestampType, "log.message.timestamp.type"),
                resolve.fileValue("log.cleanup.policy").orElse("delete"),
                resolve.intValue("--min-insync-replicas", minInSyncReplicas, "min.insync.replicas"),
                compactionDefaults(resolve));
        Duration checkInterval = Duration.ofMillis(resolve.longValue("--log-retention-check-interval-ms",
                logRetentionCheckIntervalMs, "log.retention.check.interval.ms"));
        int maxPartitions = resolve.intValue("--max-broker-partitions", maxBrokerPartitions,
                PartitionCountPolicy.MAX_BROKER_PARTITIONS_CONFIG);
        return new ServerConfig.Broker(node,
                resolve.intValue("--num-partitions", numPartitions, "num.partitions"),
                resolve.booleanValue("--auto-create-topics", autoCreateTopics, "auto.create.topics.enable"),
                logDefaults, checkInterval, resolve.explicitlySet(), groupSettings(resolve), maxPartitions,
                transactionSettings(resolve),
                resolve.booleanValue("--log-cleaner-enable", logCleanerEnable, "log.cleaner.enable"),
                Duration.ofMillis(resolve.longValue("--log-cleaner-backoff-ms", logCleanerBackoffMs,
                        "log.cleaner.backoff.ms")),
                ServerConfig.Broker.dedupeBuffer(
                        resolve.longValue("--log-cleaner-dedupe-buffer-size", logCleanerDedupeBufferSize,
                                "log.cleaner.dedupe.buffer.size"),
                        resolve.doubleValue("--log-cleaner-io-buffer-load-factor", logCleanerIoBufferLoadFactor,
                                "log.cleaner.io.buffer.load.factor")));
    }

    /** The broker defaults of the compaction topic configs, by topic config name. */
    private Map<String, String> compactionDefaults(ServerConfigResolver resolve) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("segment.bytes", Integer.toString(resolve.intValue("--log-segment-bytes", logSegmentBytes,
                "log.segment.bytes")));
        defaults.put("segment.ms", Long.toString(resolve.longValue("--log-roll-ms", logRollMs, "log.roll.ms")));
        defaults.put("min.cleanable.dirty.ratio", resolve.stringValue("--log-cleaner-min-cleanable-ratio",
                logCleanerMinCleanableRatio, "log.cleaner.min.cleanable.ratio"));
        defaults.put("min.compaction.lag.ms", Long.toString(resolve.longValue("--log-cleaner-min-compaction-lag-ms",
                logCleanerMinCompactionLagMs, "log.cleaner.min.compaction.lag.ms")));
        defaults.put("max.compaction.lag.ms", Long.toString(resolve.longValue("--log-cleaner-max-compaction-lag-ms",
                logCleanerMaxCompactionLagMs, "log.cleaner.max.compaction.lag.ms")));
        defaults.put("delete.retention.ms", Long.toString(resolve.longValue("--log-cleaner-delete-retention-ms",
                logCleanerDeleteRetentionMs, "log.cleaner.delete.retention.ms")));
        return defaults;
    }

    private TransactionCoordinatorConfig transactionSettings(ServerConfigResolver resolve) {
        return new TransactionCoordinatorConfig(
                resolve.intValue("--transaction-max-timeout-ms", transactionMaxTimeoutMs, "transaction.max.timeout.ms"),
                Duration.ofMillis(resolve.longValue("--transactional-id-expiration-ms", transactionalIdExpirationMs,
                        "transactional.id.expiration.ms")),
                Duration.ofMillis(resolve.longValue("--transaction-abort-timed-out-interval-ms",
                        transactionAbortTimedOutIntervalMs, "transaction.abort.timed.out.transaction.cleanup.interval.ms")));
    }

    private GroupCoordinatorConfig groupSettings(ServerConfigResolver resolve) {
        GroupCoordinatorConfig defaults = GroupCoordinatorConfig.kafkaDefaults();
        return new GroupCoordinatorConfig(
                resolve.intValue("--group-min-session-timeout-ms", groupMinSessionTimeoutMs, "group.min.session.timeout.ms"),
                resolve.intValue("--group-max-session-timeout-ms", groupMaxSessionTimeoutMs, "group.max.session.timeout.ms"),
                resolve.intValue("--group-initial-rebalance-delay-ms", groupInitialRebalanceDelayMs,
                        "group.initial.rebalance.delay.ms"),
                Duration.ofMinutes(resolve.longValue("--offsets-retention-minutes", offsetsRetentionMinutes,
                        "offsets.retention.minutes")).toMillis(),
                defaults.offsetsRetentionCheckMs(), defaults.maxOffsetMetadataLength(), consumerGroupSettings(resolve));
    }

    private ConsumerGroupConfig consumerGroupSettings(ServerConfigResolver resolve) {
        int sessionTimeoutMs = resolve.intValue("--group-consumer-session-timeout-ms", groupConsumerSessionTimeoutMs,
                "group.consumer.session.timeout.ms");
        int heartbeatIntervalMs = resolve.intValue("--group-consumer-heartbeat-interval-ms",
                groupConsumerHeartbeatIntervalMs, "group.consumer.heartbeat.interval.ms");
        int maxSize = resolve.intValue("--group-consumer-max-size", groupConsumerMaxSize, "group.consumer.max.size");
        String assignors = resolve.stringValue("--group-consumer-assignors", groupConsumerAssignors,
                "group.consumer.assignors");
        if (sessionTimeoutMs < 1 || heartbeatIntervalMs < 1 || heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("--group-consumer-heartbeat-interval-ms must be positive and lower than "
                    + "the session timeout " + sessionTimeoutMs + ", was " + heartbeatIntervalMs);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("--group-consumer-max-size must be positive, was " + maxSize);
        }
        String migration = resolve.stringValue("--group-consumer-migration-policy", groupConsumerMigrationPolicy,
                "group.consumer.migration.policy");
        ConsumerGroupMigrationPolicy migrationPolicy;
        try {
            migrationPolicy = ConsumerGroupMigrationPolicy.parse(migration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--group-consumer-migration-policy (group.consumer.migration.policy)"
                    + " must be disabled, upgrade, downgrade or bidirectional, was " + migration, e);
        }
        ConsumerGroupTimeoutBounds bounds = new ConsumerGroupTimeoutBounds(
                resolve.intValue("--group-consumer-min-session-timeout-ms", groupConsumerMinSessionTimeoutMs,
                        ConsumerGroupTimeoutBounds.MIN_SESSION_TIMEOUT),
                resolve.intValue("--group-consumer-max-session-timeout-ms", groupConsumerMaxSessionTimeoutMs,
                        ConsumerGroupTimeoutBounds.MAX_SESSION_TIMEOUT),
                resolve.intValue("--group-consumer-min-heartbeat-interval-ms", groupConsumerMinHeartbeatIntervalMs,
                        ConsumerGroupTimeoutBounds.MIN_HEARTBEAT_INTERVAL),
                resolve.intValue("--group-consumer-max-heartbeat-interval-ms", groupConsumerMaxHeartbeatIntervalMs,
                        ConsumerGroupTimeoutBounds.MAX_HEARTBEAT_INTERVAL));
        // Kafka's start-up checks, with its words: the broker's defaults must lie within the bounds
        return new ConsumerGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, ConsumerAssignors.parse(assignors),
                migrationPolicy, bounds);
    }

    /** Like Kafka: listening on every address, advertise this machine's name. */
    private static String defaultAdvertisedHost(String host) {
        if (!host.equals(WILDCARD)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {

        static String current() {
            String version = Main.class.getPackage().getImplementationVersion();
            return version != null ? version : "development";
        }

        @Override
        public String[] getVersion() {
            return new String[] {"Hexalog " + current()};
        }
    }
}
