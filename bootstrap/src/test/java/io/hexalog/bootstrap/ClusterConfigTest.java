package io.hexalog.bootstrap;

import io.hexalog.adapter.replication.ratis.QuorumVoter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunAloneWithoutQuorumVoters() {
        assertThat(parse("--storage=memory").cluster()).isEmpty();
    }

    @Test
    void shouldJoinTheVotersGivenByFlagWithKafkasDefaultReplicationFactor() {
        ServerConfig config = parse("--storage=memory", "--node-id", "2",
                "--quorum-voters", "1@127.0.0.1:9192,2@127.0.0.1:9193,3@127.0.0.1:9194");

        assertThat(config.cluster()).hasValueSatisfying(cluster -> {
            assertThat(cluster.quorumVoters()).containsExactly(new QuorumVoter(1, "127.0.0.1", 9192),
                    new QuorumVoter(2, "127.0.0.1", 9193), new QuorumVoter(3, "127.0.0.1", 9194));
            assertThat(cluster.defaultReplicationFactor()).isEqualTo(3);
            assertThat(cluster.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void shouldGiveTopicsTheBrokersMinInSyncReplicasAndRefuseOneAboveTheMajorityOfTheDefaultReplicationFactor()
            throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9193,3@h3:9194\nmin.insync.replicas=2\n");

        ServerConfig config = parse("--storage=memory", "--config", file.toString());

        assertThat(config.broker().logDefaults().minInSyncReplicas()).isEqualTo(2);
        assertThat(config.broker().settings().logDefaults().minInSyncReplicas()).isEqualTo(2);
        assertThat(config.broker().settings().explicitlySet()).contains("min.insync.replicas");
        assertThat(parse("--storage=memory").broker().logDefaults().minInSyncReplicas()).as("Kafka's default")
                .isEqualTo(1);
        assertThatThrownBy(() -> parse("--storage=memory", "--config", file.toString(), "--min-insync-replicas", "3"))
                .hasMessageContaining("--min-insync-replicas must be met by a majority of --default-replication-factor")
                .hasMessageContaining("takes at most 2");
        assertThatThrownBy(() -> parse("--storage=memory", "--min-insync-replicas", "0"))
                .hasMessageContaining("min.insync.replicas");
        assertThat(parse("--storage=memory", "--config", file.toString(), "--min-insync-replicas", "3",
                "--default-replication-factor", "1").broker().logDefaults().minInSyncReplicas())
                .as("a requirement above a topic's replicas asks for no more than they are").isEqualTo(3);
    }

    @Test
    void shouldReadKafkasElectionTimeoutFromTheConfigFileAndRefuseOneTooShort() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9192\ncontroller.quorum.election.timeout.ms=500\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).cluster())
                .hasValueSatisfying(cluster -> assertThat(cluster.electionTimeout()).isEqualTo(Duration.ofMillis(500)));
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--quorum-election-timeout-ms", "50"))
                .hasMessageContaining("--quorum-election-timeout-ms must be at least 200, was 50");
    }

    @Test
    void shouldReadTheStorageReserveFromAFlagOrTheConfigFileAndRefuseANegativeOne() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9192\nstorage.min.free.bytes=1000000000\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.storageMinFreeBytes()).isEqualTo(1_000_000_000L));
        assertThat(parse("--storage=memory", "--quorum-voters", "1@h:9192").cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.storageMinFreeBytes()).as("256 MiB by default").isEqualTo(256L << 20));
        assertThat(parse("--storage=memory", "--config", file.toString(), "--storage-min-free-bytes", "0").cluster())
                .hasValueSatisfying(cluster -> assertThat(cluster.storageMinFreeBytes()).isZero());
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--storage-min-free-bytes", "-1"))
                .hasMessageContaining("--storage-min-free-bytes must be 0 (no reserve) or more, was -1");
    }

    @Test
    void shouldReadTheReplicaCopyRateFromAFlagOrTheConfigFileAndRefuseANegativeOne() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9192\nreplica.copy.max.bytes.per.second=5000000\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaCopyBytesPerSecond()).isEqualTo(5_000_000));
        assertThat(parse("--storage=memory", "--quorum-voters", "1@h:9192").cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaCopyBytesPerSecond()).as("no limit by default").isZero());
        assertThat(parse("--storage=memory", "--config", file.toString(), "--replica-copy-max-bytes-per-second",
                "1000").cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaCopyBytesPerSecond()).isEqualTo(1000));
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--replica-copy-max-bytes-per-second", "-1"))
                .hasMessageContaining("--replica-copy-max-bytes-per-second must be 0 (no limit) or more, was -1");
    }

    @Test
    void shouldReadKafkasReplicaLagTimeMaxFromAFlagOrTheConfigFileAndRefuseANonPositiveOne() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9192\nreplica.lag.time.max.ms=12000\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaLagTimeMax()).isEqualTo(Duration.ofSeconds(12)));
        assertThat(parse("--storage=memory", "--quorum-voters", "1@h:9192").cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaLagTimeMax()).as("Kafka's default")
                        .isEqualTo(Duration.ofSeconds(30)));
        assertThat(parse("--storage=memory", "--config", file.toString(), "--replica-lag-time-max-ms", "500")
                .cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaLagTimeMax()).isEqualTo(Duration.ofMillis(500)));
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--replica-lag-time-max-ms", "0"))
                .hasMessageContaining("--replica-lag-time-max-ms must be positive, was 0");
    }

    @Test
    void shouldReadHowLongLogsAreKeptForAnAbsentNodeFromAFlagOrTheConfigFileAndRefuseANonPositiveTime()
            throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "controller.quorum.voters=1@h1:9192,2@h2:9192\nreplica.absence.max.ms=60000\n");

        assertThat(parse("--storage=memory", "--config", file.toString()).cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaAbsenceMax()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(parse("--storage=memory", "--quorum-voters", "1@h:9192").cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaAbsenceMax()).as("the default")
                        .isEqualTo(Duration.ofMinutes(5)));
        assertThat(parse("--storage=memory", "--config", file.toString(), "--replica-absence-max-ms", "2000")
                .cluster()).hasValueSatisfying(
                cluster -> assertThat(cluster.replicaAbsenceMax()).isEqualTo(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--replica-absence-max-ms", "0"))
                .hasMessageContaining("--replica-absence-max-ms must be positive, was 0");
    }

    @Test
    void shouldReadKafkasControllerQuorumVotersFromTheConfigFile() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "node.id=1\ncontroller.quorum.voters=1@h1:9192,2@h2:9192\ndefault.replication.factor=2\n");

        ServerConfig config = parse("--storage=memory", "--config", file.toString());

        assertThat(config.cluster()).hasValueSatisfying(cluster -> {
            assertThat(cluster.quorumVoters()).extracting(QuorumVoter::nodeId).containsExactly(1, 2);
            assertThat(cluster.defaultReplicationFactor()).isEqualTo(2);
        });
    }

    @Test
    void shouldNameAMalformedVoter() {
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192,two@h:9193"))
                .hasMessageContaining("--quorum-voters")
                .hasMessageContaining("'two@h:9193' is not ID@HOST:PORT");
    }

    @Test
    void shouldTakeAnyReplicationFactorUpToTheNumberOfVotersAndRefuseOthers() {
        String voters = "1@h:9192,2@h:9193,3@h:9194,4@h:9195,5@h:9196";

        assertThat(parse("--storage=memory", "--quorum-voters", voters).cluster())
                .hasValueSatisfying(cluster -> assertThat(cluster.defaultReplicationFactor()).isEqualTo(3));
        assertThat(parse("--storage=memory", "--quorum-voters", voters, "--default-replication-factor", "1").cluster())
                .hasValueSatisfying(cluster -> assertThat(cluster.defaultReplicationFactor()).isEqualTo(1));
        assertThat(parse("--storage=memory", "--quorum-voters", voters, "--default-replication-factor", "5").cluster())
                .hasValueSatisfying(cluster -> assertThat(cluster.defaultReplicationFactor()).isEqualTo(5));
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192,2@h:9193,3@h:9194",
                "--default-replication-factor", "4"))
                .hasMessageContaining("--default-replication-factor must be between 1 and the number of voters, 3, was 4");
        assertThatThrownBy(() -> parse("--storage=memory", "--quorum-voters", "1@h:9192",
                "--default-replication-factor", "0"))
                .hasMessageContaining("--default-replication-factor must be between 1 and the number of voters, 1, was 0");
    }

    private static ServerConfig parse(String... args) {
        Main main = new Main();
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config();
    }
}
