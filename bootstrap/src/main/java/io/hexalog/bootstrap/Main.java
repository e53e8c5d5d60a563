package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.application.service.GroupSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar hexalog.jar}: parses the flags, starts the broker, and stops it on SIGTERM / Ctrl-C. */
@Command(name = "hexalog", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A Kafka-compatible message broker.", sortOptions = false)
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String WILDCARD = "0.0.0.0";

    @Option(names = "--storage", defaultValue = "rocksdb",
            description = "Where data lives: memory (lost on exit) or rocksdb (persistent). Default: ${DEFAULT-VALUE}.")
    StorageKind storage;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Directory of persistent storage. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--fsync", defaultValue = "never",
            description = "never: leave flushing to the OS, like Kafka (survives a broker crash); always: sync the "
                    + "write-ahead log before acknowledging (survives power loss). Default: ${DEFAULT-VALUE}.")
    FsyncPolicy fsync;

    @Option(names = "--host", defaultValue = WILDCARD, description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "9092", description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--advertised-host",
            description = "Host clients are told to connect to. Default: --host, or this machine's name when listening on all addresses.")
    String advertisedHost;

    @Option(names = "--node-id", defaultValue = "1", description = "This broker's node ID. Default: ${DEFAULT-VALUE}.")
    int nodeId;

    @Option(names = "--num-partitions", defaultValue = "1",
            description = "Partitions of topics created without a count, auto-created ones included. Default: ${DEFAULT-VALUE}.")
    int numPartitions;

    @Option(names = "--auto-create-topics", defaultValue = "true", arity = "1",
            description = "Create unknown topics when clients ask for their metadata. Default: ${DEFAULT-VALUE}.")
    boolean autoCreateTopics;

    @Option(names = "--max-request-bytes", defaultValue = "104857600",
            description = "Largest request accepted; bigger ones close the connection. Default: ${DEFAULT-VALUE}.")
    int maxRequestBytes;

    @Option(names = "--io-threads", description = "Threads serving connections. Default: the number of CPUs.")
    Integer ioThreads;

    @Option(names = "--group-initial-rebalance-delay-ms", defaultValue = "3000",
            description = "How long the first rebalance of an empty consumer group waits for more members. Default: ${DEFAULT-VALUE}.")
    int groupInitialRebalanceDelayMs;

    @Option(names = "--group-min-session-timeout-ms", defaultValue = "6000",
            description = "Shortest session timeout a consumer may ask for. Default: ${DEFAULT-VALUE}.")
    int groupMinSessionTimeoutMs;

    @Option(names = "--group-max-session-timeout-ms", defaultValue = "1800000",
            description = "Longest session timeout a consumer may ask for. Default: ${DEFAULT-VALUE}.")
    int groupMaxSessionTimeoutMs;

    @Option(names = "--offsets-retention-minutes", defaultValue = "10080",
            description = "How long committed offsets of an empty group are kept. Default: ${DEFAULT-VALUE} (7 days).")
    long offsetsRetentionMinutes;

    @Option(names = "--log-level", defaultValue = "INFO",
            description = "ERROR, WARN, INFO, DEBUG or TRACE. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        int exitCode = commandLine.execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(logLevel, Level.INFO));
        HexalogBroker broker;
        try {
            broker = HexalogBroker.start(config());
        } catch (BrokerStartupException | IllegalArgumentException e) {
            System.err.println("hexalog: cannot start: " + e.getMessage());
            return 1;
        }
        LOG.info("Hexalog {} ready on {}:{} (advertised as {}), storage {}, node {}", Version.current(), host,
                broker.port(), broker.bootstrapServers(), storage.name().toLowerCase(), nodeId);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Hexalog stopping");
            broker.close();
            LOG.info("Hexalog stopped");
            stopped.countDown();
        }, "hexalog-shutdown"));
        stopped.await();
        return 0;
    }

    private BrokerConfig config() {
        String advertised = advertisedHost != null ? advertisedHost : defaultAdvertisedHost();
        int threads = ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors();
        GroupSettings defaults = GroupSettings.kafkaDefaults();
        GroupSettings groups = new GroupSettings(groupMinSessionTimeoutMs, groupMaxSessionTimeoutMs,
                groupInitialRebalanceDelayMs, Duration.ofMinutes(offsetsRetentionMinutes).toMillis(),
                defaults.offsetsRetentionCheckMs(), defaults.maxOffsetMetadataLength());
        return new BrokerConfig(host, port, advertised, nodeId, storage, dataDir, fsync, numPartitions, autoCreateTopics,
                maxRequestBytes, threads, groups);
    }

    /** Like Kafka: listening on every address, advertise this machine's name. */
    private String defaultAdvertisedHost() {
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
