package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a broker setting comes from, highest first: a flag, {@code --override}, a {@code KAFKA_*} environment
 * variable, the config file (given with {@code --config} or alone, as kafka-server-start.sh takes it), the
 * default.
 */
class ConfigSourcesTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheConfigFileAsTheOnlyArgumentAsKafkasStartScriptDoes() throws IOException {
        Path file = file("num.partitions=4\n");

        assertThat(parse(Map.of(), file.toString()).broker().defaultPartitions()).isEqualTo(4);
    }

    @Test
    void shouldRefuseTwoDifferentConfigFiles() throws IOException {
        Path one = file("num.partitions=4\n");
        Path other = file("num.partitions=5\n");

        assertThatThrownBy(() -> parse(Map.of(), one.toString(), "--config", other.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("Two config files");
    }

    @Test
    void shouldSetKeysFromKafkaVariablesOfTheEnvironment() {
        ServerConfig config = parse(Map.of("KAFKA_LOG_RETENTION_MS", "1000", "KAFKA_NUM_PARTITIONS", "3",
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"));

        assertThat(config.broker().logDefaults().retentionMs()).isEqualTo(1000);
        assertThat(config.broker().defaultPartitions()).isEqualTo(3);
        assertThat(config.broker().autoCreateTopics()).isFalse();
        assertThat(config.broker().explicitlySet()).contains("log.retention.ms", "num.partitions");
    }

    @Test
    void shouldRankFlagsOverOverridesOverEnvironmentOverFileOverDefaults() throws IOException {
        Path file = file("num.partitions=2\nmessage.max.bytes=2000\nlog.retention.bytes=20\nmax.connections=200\n");
        Map<String, String> environment = Map.of("KAFKA_NUM_PARTITIONS", "3", "KAFKA_MESSAGE_MAX_BYTES", "3000",
                "KAFKA_LOG_RETENTION_BYTES", "30");

        ServerConfig config = parse(environment, file.toString(), "--override", "num.partitions=4",
                "--override", "message.max.bytes=4000", "--num-partitions=5");

        assertThat(config.broker().defaultPartitions()).as("flag").isEqualTo(5);
        assertThat(config.broker().logDefaults().maxMessageBytes()).as("--override").isEqualTo(4000);
        assertThat(config.broker().logDefaults().retentionBytes()).as("environment").isEqualTo(30);
        assertThat(config.listener().connections().maxConnections()).as("file").isEqualTo(200);
        assertThat(config.broker().groups().initialRebalanceDelayMs()).as("default").isEqualTo(3000);
    }

    @Test
    void shouldRefuseAnOverrideThatIsNoKeyValuePair() {
        assertThatThrownBy(() -> parse(Map.of(), "--override", "num.partitions"))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("--override needs key=value");
    }

    @Test
    void shouldNameTheKeyAndFileOfAValueErrorNotTheFlag() throws IOException {
        Path file = file("num.partitions=0\n");

        assertThatThrownBy(() -> parse(Map.of(), file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("num.partitions in " + file + " must be at least 1, was 0");
    }

    @Test
    void shouldNameTheEnvironmentVariableOfAValueError() {
        assertThatThrownBy(() -> parse(Map.of("KAFKA_NUM_PARTITIONS", "many")))
                .hasMessageContaining("num.partitions from the environment variable KAFKA_NUM_PARTITIONS");
        assertThatThrownBy(() -> parse(Map.of("KAFKA_MAX_CONNECTIONS", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max.connections from the environment variable KAFKA_MAX_CONNECTIONS must");
    }

    @Test
    void shouldStillNameTheFlagWhenTheFlagGaveTheValue() throws IOException {
        Path file = file("num.partitions=4\n");

        assertThatThrownBy(() -> parse(Map.of(), file.toString(), "--num-partitions=0"))
                .hasMessage("--num-partitions must be at least 1, was 0");
    }

    @Test
    void shouldTakeNetworkThreadsFromKafkasKeyOrTheFlagOrItsDeprecatedName() throws IOException {
        Path file = file("num.network.threads=3\n");

        assertThat(parse(Map.of(), file.toString()).listener().ioThreads()).isEqualTo(3);
        assertThat(parse(Map.of(), file.toString(), "--network-threads=5").listener().ioThreads()).isEqualTo(5);
        assertThat(parse(Map.of(), file.toString(), "--io-threads=6").listener().ioThreads()).isEqualTo(6);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "server", ".properties"), content);
    }

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        Main main = new Main(environment);
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config();
    }
}
