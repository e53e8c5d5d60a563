package io.hexalog.bootstrap;

import io.hexalog.domain.log.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broker settings from flags and a server.properties file: flags win, the file beats defaults. */
class ServerConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseKafkasDefaultsWithoutFlagsOrFile() {
        ServerConfig.Broker broker = parse("--storage=memory").broker();

        assertThat(broker.defaultPartitions()).isEqualTo(1);
        assertThat(broker.autoCreateTopics()).isTrue();
        assertThat(broker.logDefaults().maxMessageBytes()).isEqualTo(1048588);
        assertThat(broker.logDefaults().retentionMs()).isEqualTo(604_800_000L);
        assertThat(broker.logDefaults().retentionBytes()).isEqualTo(-1);
        assertThat(broker.logDefaults().messageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(broker.retentionCheckInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(broker.explicitlySet()).isEmpty();
    }

    @Test
    void shouldUseKafkasGroupDefaultsWithoutFlagsOrFile() {
        ServerConfig.Broker broker = parse("--storage=memory").broker();

        assertThat(broker.settings().groups().initialRebalanceDelayMs()).isEqualTo(3_000);
        assertThat(broker.settings().groups().minSessionTimeoutMs()).isEqualTo(6_000);
        assertThat(broker.settings().groups().maxSessionTimeoutMs()).isEqualTo(1_800_000);
        assertThat(broker.settings().groups().offsetsRetentionMs()).isEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void shouldShowKafkasDefaultsInTheHelp() {
        String help = Main.commandLine(new Main()).getUsageMessage();

        assertThat(help).contains("Default: 604800000").contains("Default: 1048588").contains("Default: CreateTime")
                .contains("Default: 10080").contains("Default: 104857600");
    }

    @Test
    void shouldReadKafkaKeysFromTheConfigFile() throws IOException {
        Path file = file("""
                # a Kafka server.properties
                num.partitions=4
                auto.create.topics.enable=false
                message.max.bytes=2000000
                log.retention.hours=24
                log.retention.bytes=1073741824
                log.message.timestamp.type=LogAppendTime
                log.retention.check.interval.ms=1000
                socket.request.max.bytes=5000000
                node.id=7
                process.roles=broker,controller
                """);

        ServerConfig config = parse("--storage=memory", "--config", file.toString());
        ServerConfig.Broker broker = config.broker();

        assertThat(broker.defaultPartitions()).isEqualTo(4);
        assertThat(broker.autoCreateTopics()).isFalse();
        assertThat(broker.logDefaults().maxMessageBytes()).isEqualTo(2_000_000);
        assertThat(broker.logDefaults().retentionMs()).isEqualTo(86_400_000L);
        assertThat(broker.logDefaults().retentionBytes()).isEqualTo(1L << 30);
        assertThat(broker.logDefaults().messageTimestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(broker.retentionCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.listener().maxRequestBytes()).isEqualTo(5_000_000);
        assertThat(broker.nodeId()).isEqualTo(7);
        assertThat(broker.explicitlySet()).contains("num.partitions", "log.retention.ms", "message.max.bytes")
                .doesNotContain("process.roles");
    }

    @Test
    void shouldLetFlagsOverrideTheFile() throws IOException {
        Path file = file("num.partitions=4\nlog.retention.ms=1000\n");

        ServerConfig.Broker broker = parse("--storage=memory", "--config", file.toString(), "--num-partitions=2",
                "--log-retention-ms=5000").broker();

        assertThat(broker.defaultPartitions()).isEqualTo(2);
        assertThat(broker.logDefaults().retentionMs()).isEqualTo(5000);
        assertThat(broker.explicitlySet()).contains("num.partitions", "log.retention.ms");
    }

    @Test
    void shouldLimitPartitionsPerBrokerByFlagOrFileAndRefuseALimitBelowOne() throws IOException {
        Path file = file("max.broker.partitions=500\n");

        assertThat(parse("--storage=memory").broker().settings().maxBrokerPartitions()).isEqualTo(10_000);
        assertThat(parse("--storage=memory", "--config", file.toString()).broker().settings().maxBrokerPartitions())
                .isEqualTo(500);
        assertThat(parse("--storage=memory", "--max-broker-partitions=40").broker().maxBrokerPartitions()).isEqualTo(40);
        assertThatThrownBy(() -> parse("--storage=memory", "--max-broker-partitions=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-broker-partitions");
    }

    @Test
    void shouldPreferRetentionMsOverMinutesAndHours() throws IOException {
        Path file = file("log.retention.hours=1\nlog.retention.minutes=2\nlog.retention.ms=3\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).broker().logDefaults().retentionMs())
                .isEqualTo(3);
    }

    @Test
    void shouldTraceTheProtocolOnlyWhenAskedByFlagOrFile() throws IOException {
        Path on = file("log.trace.protocol=true\n");

        assertThat(parse("--storage=memory").listener().traceProtocol()).isFalse();
        assertThat(parse("--storage=memory", "--trace-protocol").listener().traceProtocol()).isTrue();
        assertThat(parse("--storage=memory", "--trace-protocol=true").listener().traceProtocol()).isTrue();
        assertThat(parse("--storage=memory", "--config", on.toString()).listener().traceProtocol()).isTrue();
        assertThat(parse("--storage=memory", "--config", on.toString(), "--trace-protocol=false").listener()
                .traceProtocol()).isFalse();
        assertThat(ServerProperties.load(on).unknownKeys()).isEmpty();
    }

    @Test
    void shouldTakeTheMemoryBudgetFromTheFlagOrTheFileElseHalfTheJvmsDirectMemoryLimit() throws IOException {
        Path file = file("log.memory.max.bytes=4096\n");

        assertThat(parse("--storage=memory").storage().memoryMaxBytes())
                .isEqualTo(DirectMemory.limitBytes() / 100 * 50).isPositive();
        assertThat(parse("--storage=memory", "--config", file.toString()).storage().memoryMaxBytes()).isEqualTo(4096);
        assertThat(parse("--storage=memory", "--config", file.toString(), "--memory-max-bytes=8192").storage()
                .memoryMaxBytes()).isEqualTo(8192);
        assertThat(ServerProperties.load(file).unknownKeys()).isEmpty();
    }

    @Test
    void shouldTakeTheRocksDbReadPoolFromTheFlagOrTheFileElseSixtyFourMebibytes() throws IOException {
        Path file = file("log.rocksdb.read.pool.bytes=16777216\n");

        assertThat(parse().storage().readPoolBytes()).isEqualTo(64L << 20);
        assertThat(parse("--config", file.toString()).storage().readPoolBytes()).isEqualTo(16L << 20);
        assertThat(parse("--config", file.toString(), "--log-rocksdb-read-pool-bytes=0").storage().readPoolBytes())
                .isZero();
        assertThat(ServerProperties.load(file).unknownKeys()).isEmpty();
    }

    @Test
    void shouldRefuseARocksDbReadPoolSmallerThanOneBufferNamingWhereItWasWritten() throws IOException {
        Path tooSmall = file("log.rocksdb.read.pool.bytes=1000\n");
        Path notANumber = file("log.rocksdb.read.pool.bytes=lots\n");

        assertThatThrownBy(() -> parse("--log-rocksdb-read-pool-bytes=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--log-rocksdb-read-pool-bytes must be 0 (no pool: RocksDB reads copy batches to the heap) "
                        + "or at least 4194304 (one read buffer), was -1");
        assertThatThrownBy(() -> parse("--config", tooSmall.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log.rocksdb.read.pool.bytes in " + tooSmall + " must be 0 (no pool: RocksDB reads copy "
                        + "batches to the heap) or at least 4194304 (one read buffer), was 1000");
        assertThatThrownBy(() -> parse("--config", notANumber.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("log.rocksdb.read.pool.bytes");
    }

    @Test
    void shouldBoundConnectionsAndFetchResponsesByDefaultAsDocumented() {
        ServerConfig.Listener listener = parse("--storage=memory").listener();

        assertThat(listener.maxInFlightRequestsPerConnection()).isEqualTo(32);
        assertThat(listener.fetchMaxBytes()).isEqualTo(57_671_680);
        assertThat(listener.fetchMemoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void shouldReadConnectionAndFetchMemoryLimitsFromTheFileAndLetFlagsOverrideThem() throws IOException {
        Path file = file("connection.max.in.flight.requests=5\nfetch.max.bytes=1048576\nfetch.memory.bytes=67108864\n");

        ServerConfig.Listener fromFile = parse("--storage=memory", "--config", file.toString()).listener();
        ServerConfig.Listener fromFlags = parse("--storage=memory", "--config", file.toString(),
                "--connection-max-in-flight-requests=1", "--fetch-max-bytes=1000", "--fetch-memory-bytes=2000").listener();

        assertThat(fromFile.maxInFlightRequestsPerConnection()).isEqualTo(5);
        assertThat(fromFile.fetchMaxBytes()).isEqualTo(1_048_576);
        assertThat(fromFile.fetchMemoryBytes()).isEqualTo(67_108_864L);
        assertThat(fromFlags.maxInFlightRequestsPerConnection()).isEqualTo(1);
        assertThat(fromFlags.fetchMaxBytes()).isEqualTo(1000);
        assertThat(fromFlags.fetchMemoryBytes()).isEqualTo(2000L);
        assertThat(ServerProperties.load(file).unknownKeys()).isEmpty();
    }

    @Test
    void shouldRefuseAMemoryBudgetThatIsNotPositive() throws IOException {
        Path file = file("log.memory.max.bytes=lots\n");

        assertThatThrownBy(() -> parse("--memory-max-bytes=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--memory-max-bytes must be positive, was 0");
        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("log.memory.max.bytes");
    }

    @Test
    void shouldRefuseConnectionAndFetchMemoryLimitsThatBoundNothing() {
        assertThatThrownBy(() -> parse("--connection-max-in-flight-requests=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--connection-max-in-flight-requests must be positive, was 0");
        assertThatThrownBy(() -> parse("--fetch-memory-bytes=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--fetch-memory-bytes must be positive, was 0");
        assertThatThrownBy(() -> parse("--fetch-max-bytes=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--fetch-max-bytes must not be negative, was -1");
    }

    @Test
    void shouldRefuseATraceProtocolValueThatIsNotABoolean() throws IOException {
        Path file = file("log.trace.protocol=yes\n");

        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("log.trace.protocol").hasMessageContaining("expected true or false");
    }

    @Test
    void shouldRefuseInvalidValuesNamingTheKey() throws IOException {
        Path badNumber = file("num.partitions=many\n");
        Path smallSegments = file("log.segment.bytes=1000\n");
        Path badType = file("log.message.timestamp.type=WallClock\n");

        assertThatThrownBy(() -> parse("--config", badNumber.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("num.partitions");
        assertThatThrownBy(() -> parse("--config", smallSegments.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> parse("--config", badType.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("message.timestamp.type");
    }

    @Test
    void shouldRefuseInvalidFlagsNamingTheFlag() {
        assertThatThrownBy(() -> parse("--port=65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be between 0 and 65535, was 65536");
        assertThatThrownBy(() -> parse("--network-threads=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--network-threads must be positive, was 0");
        assertThatThrownBy(() -> parse("--num-partitions=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--num-partitions must be at least 1, was 0");
    }

    @Test
    void shouldServeHttpOnPort8082OfTheKafkaListenersHostByDefault() {
        ServerConfig.Http http = parse("--storage=memory", "--host=127.0.0.2").http();

        assertThat(http).isEqualTo(new ServerConfig.Http("127.0.0.2", 8082));
        assertThat(http.enabled()).isTrue();
    }

    @Test
    void shouldTakeTheHttpAddressFromFlagsOverTheConfigFile() throws IOException {
        Path file = file("http.port=9000\nhttp.host=127.0.0.3\n");

        assertThat(parse("--config", file.toString()).http()).isEqualTo(new ServerConfig.Http("127.0.0.3", 9000));
        assertThat(parse("--config", file.toString(), "--http-port=-1").http().enabled()).isFalse();
        assertThat(parse("--config", file.toString(), "--http-host=127.0.0.4").http().host()).isEqualTo("127.0.0.4");
    }

    @Test
    void shouldRefuseAnHttpPortOutOfRangeNamingTheFlag() {
        assertThatThrownBy(() -> parse("--http-port=-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--http-port must be between 0 and 65535, or -1 to turn HTTP off, was -2");
    }

    @Test
    void shouldRefuseAMissingConfigFile() {
        assertThatThrownBy(() -> parse("--config", dir.resolve("absent.properties").toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("absent.properties");
    }

    @Test
    void shouldNameTheKeysItDoesNotUse() throws IOException {
        ServerProperties file = ServerProperties.load(file("num.partitions=1\nzookeeper.connect=x\nlisteners=y\n"));

        assertThat(file.unknownKeys()).containsExactly("zookeeper.connect");
    }

    private Path file(String content) throws IOException {
        Path file = Files.createTempFile(dir, "server", ".properties");
        Files.writeString(file, content);
        return file;
    }

    private static ServerConfig parse(String... args) {
        Main main = new Main(Map.of());
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config();
    }
}
