package io.hexalog.bootstrap;

import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupMigrationPolicy;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeoutBounds;
import io.hexalog.domain.group.consumer.PartitionAssignor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code group.consumer.*} settings of consumer-protocol groups, from flags and from the config file. */
class ConsumerGroupConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseKafkasDefaultsWithoutFlagsOrFile() {
        ConsumerGroupConfig groups = consumerGroups("--storage=memory");

        assertThat(groups.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(groups.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(groups.maxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(groups.assignors()).extracting(PartitionAssignor::name).containsExactly("uniform", "range");
        assertThat(groups.migrationPolicy()).isEqualTo(ConsumerGroupMigrationPolicy.BIDIRECTIONAL);
    }

    @Test
    void shouldReadTheMigrationPolicyFromTheConfigFileAndTheFlag() throws IOException {
        Path file = file("group.consumer.migration.policy=upgrade\n");

        assertThat(consumerGroups("--config", file.toString()).migrationPolicy())
                .isEqualTo(ConsumerGroupMigrationPolicy.UPGRADE);
        assertThat(consumerGroups("--config", file.toString(), "--group-consumer-migration-policy=Disabled")
                .migrationPolicy()).isEqualTo(ConsumerGroupMigrationPolicy.DISABLED);
        assertThatThrownBy(() -> consumerGroups("--group-consumer-migration-policy=sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--group-consumer-migration-policy").hasMessageContaining("sometimes");
    }

    @Test
    void shouldReadKafkasKeysFromTheConfigFileAndLetFlagsOverrideThem() throws IOException {
        Path file = file("""
                group.consumer.session.timeout.ms=10000
                group.consumer.heartbeat.interval.ms=1000
                group.consumer.min.session.timeout.ms=6000
                group.consumer.min.heartbeat.interval.ms=500
                group.consumer.assignors=org.apache.kafka.coordinator.group.assignor.RangeAssignor, uniform
                group.consumer.max.size=4
                """);

        ConsumerGroupConfig fromFile = consumerGroups("--storage=memory", "--config", file.toString());
        ConsumerGroupConfig overridden = consumerGroups("--storage=memory", "--config", file.toString(),
                "--group-consumer-heartbeat-interval-ms=2000");

        assertThat(fromFile.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(fromFile.heartbeatIntervalMs()).isEqualTo(1_000);
        assertThat(fromFile.maxSize()).isEqualTo(4);
        assertThat(fromFile.assignors()).extracting(PartitionAssignor::name).containsExactly("range", "uniform");
        assertThat(overridden.heartbeatIntervalMs()).isEqualTo(2_000);
    }

    @Test
    void shouldRefuseAnUnknownAssignorOrAHeartbeatNoShorterThanTheSessionNamingWhatWasWritten() throws IOException {
        Path sticky = file("group.consumer.assignors=sticky\n");

        assertThatThrownBy(() -> consumerGroups("--config", sticky.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.consumer.assignors").hasMessageContaining("sticky");
        assertThatThrownBy(() -> consumerGroups("--group-consumer-session-timeout-ms=3000",
                "--group-consumer-heartbeat-interval-ms=3000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--group-consumer-heartbeat-interval-ms");
    }

    @Test
    void shouldReadTheBoundsOfTimeoutsWithKafkasDefaults() throws IOException {
        Path file = file("group.consumer.max.session.timeout.ms=90000\n");

        assertThat(consumerGroups("--storage=memory").bounds())
                .isEqualTo(new ConsumerGroupTimeoutBounds(45_000, 60_000, 5_000, 15_000));
        assertThat(consumerGroups("--config", file.toString(), "--group-consumer-min-heartbeat-interval-ms=1000",
                "--group-consumer-max-heartbeat-interval-ms=20000", "--group-consumer-min-session-timeout-ms=30000")
                .bounds()).isEqualTo(new ConsumerGroupTimeoutBounds(30_000, 90_000, 1_000, 20_000));
    }

    @Test
    void shouldRefuseToStartWithTimeoutsOutsideTheirBoundsWithKafkasWords() {
        assertThatThrownBy(() -> consumerGroups("--group-consumer-session-timeout-ms=10000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group.consumer.session.timeout.ms must be greater than or equal to "
                        + "group.consumer.min.session.timeout.ms");
        assertThatThrownBy(() -> consumerGroups("--group-consumer-heartbeat-interval-ms=20000"))
                .hasMessage("group.consumer.heartbeat.interval.ms must be less than or equal to "
                        + "group.consumer.max.heartbeat.interval.ms");
        assertThatThrownBy(() -> consumerGroups("--group-consumer-max-session-timeout-ms=40000"))
                .hasMessage("group.consumer.max.session.timeout.ms must be greater than or equal to "
                        + "group.consumer.min.session.timeout.ms");
    }

    private Path file(String content) throws IOException {
        Path file = Files.createTempFile(dir, "server", ".properties");
        Files.writeString(file, content);
        return file;
    }

    private static ConsumerGroupConfig consumerGroups(String... args) {
        Main main = new Main(Map.of());
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config().broker().settings().groups().consumerGroups();
    }
}
