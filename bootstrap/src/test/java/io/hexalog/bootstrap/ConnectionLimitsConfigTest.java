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
 * Kafka's connection limits from flags and from a server.properties file: {@code max.connections},
 * {@code max.connections.per.ip}, {@code max.connections.per.ip.overrides} and {@code connections.max.idle.ms}.
 */
class ConnectionLimitsConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseKafkasDefaultsWithoutFlagsOrFile() {
        ServerConfig.Connections connections = parse().listener().connections();

        assertThat(connections.maxConnections()).isEqualTo(Integer.MAX_VALUE);
        assertThat(connections.maxConnectionsPerIp()).isEqualTo(Integer.MAX_VALUE);
        assertThat(connections.maxConnectionsPerIpOverrides()).isEmpty();
        assertThat(connections.connectionsMaxIdleMs()).isEqualTo(600_000L);
    }

    @Test
    void shouldShowKafkasDefaultsInTheHelp() {
        String help = new CommandLine(new Main()).getUsageMessage();

        assertThat(help).contains("--max-connections", "--max-connections-per-ip",
                "--max-connections-per-ip-overrides", "--connections-max-idle-ms", "Default: 2147483647",
                "Default: 600000");
    }

    @Test
    void shouldReadTheLimitsFromTheConfigFile() throws IOException {
        Path file = file("""
                max.connections=1000
                max.connections.per.ip=50
                max.connections.per.ip.overrides=127.0.0.1:200, build-agent:10,[::1]:5
                connections.max.idle.ms=30000
                """);

        ServerConfig.Connections connections = parse("--config", file.toString()).listener().connections();

        assertThat(connections.maxConnections()).isEqualTo(1000);
        assertThat(connections.maxConnectionsPerIp()).isEqualTo(50);
        assertThat(connections.maxConnectionsPerIpOverrides())
                .isEqualTo(Map.of("127.0.0.1", 200, "build-agent", 10, "::1", 5));
        assertThat(connections.connectionsMaxIdleMs()).isEqualTo(30_000L);
        assertThat(ServerProperties.load(file).unknownKeys()).isEmpty();
    }

    @Test
    void shouldReadTheLimitsFromFlagsOverTheFile() throws IOException {
        Path file = file("max.connections=1000\nmax.connections.per.ip.overrides=127.0.0.1:200\n");

        ServerConfig.Connections connections = parse("--config", file.toString(), "--max-connections=10",
                "--max-connections-per-ip=0", "--max-connections-per-ip-overrides=127.0.0.1:3,::1:4",
                "--connections-max-idle-ms=-1").listener().connections();

        assertThat(connections.maxConnections()).isEqualTo(10);
        assertThat(connections.maxConnectionsPerIp()).isZero();
        assertThat(connections.maxConnectionsPerIpOverrides()).isEqualTo(Map.of("127.0.0.1", 3, "::1", 4));
        assertThat(connections.connectionsMaxIdleMs()).isEqualTo(-1L);
    }

    @Test
    void shouldHandTheLimitsToTheListener() {
        ServerConfig.Connections connections = parse("--max-connections=7", "--max-connections-per-ip=3",
                "--max-connections-per-ip-overrides=10.1.1.1:9", "--connections-max-idle-ms=1234")
                .listener().connections();

        assertThat(connections.limits().maxConnections()).isEqualTo(7);
        assertThat(connections.limits().maxConnectionsPerIp()).isEqualTo(3);
        assertThat(connections.limits().maxConnectionsPerIpOverrides()).isEqualTo(Map.of("10.1.1.1", 9));
        assertThat(connections.limits().connectionsMaxIdleMs()).isEqualTo(1234L);
    }

    @Test
    void shouldRefuseBadFlagsNamingTheFlagAndTheKey() {
        assertThatThrownBy(() -> parse("--max-connections=-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-connections (max.connections) must not be negative, was -1");
        assertThatThrownBy(() -> parse("--max-connections-per-ip=-2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-connections-per-ip (max.connections.per.ip) must not be negative, was -2");
        assertThatThrownBy(() -> parse("--max-connections-per-ip=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--max-connections-per-ip (max.connections.per.ip) may be 0 only with "
                        + "--max-connections-per-ip-overrides");
        assertThatThrownBy(() -> parse("--connections-max-idle-ms=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--connections-max-idle-ms (connections.max.idle.ms) must be positive");
    }

    @Test
    void shouldRefuseOverridesThatAreNotHostAndCount() {
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:many", ":5", "127.0.0.1:-1"}) {
            assertThatThrownBy(() -> parse("--max-connections-per-ip-overrides=" + bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--max-connections-per-ip-overrides (max.connections.per.ip.overrides)")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> parse("--max-connections-per-ip-overrides=a:1,a:2"))
                .hasMessageContaining("names a twice");
    }

    @Test
    void shouldRefuseBadValuesInTheFileNamingTheKey() throws IOException {
        Path notANumber = file("max.connections=lots\n");
        Path negative = file("max.connections.per.ip=-5\n");
        Path badOverride = file("max.connections.per.ip.overrides=host-without-count\n");
        Path badIdle = file("connections.max.idle.ms=ten minutes\n");

        assertThatThrownBy(() -> parse("--config", notANumber.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("max.connections");
        assertThatThrownBy(() -> parse("--config", negative.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max.connections.per.ip in " + negative + " must not be negative");
        assertThatThrownBy(() -> parse("--config", badOverride.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max.connections.per.ip.overrides in " + badOverride + " needs host:count");
        assertThatThrownBy(() -> parse("--config", badIdle.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("connections.max.idle.ms");
    }

    private Path file(String content) throws IOException {
        Path file = Files.createTempFile(dir, "server", ".properties");
        Files.writeString(file, content);
        return file;
    }

    private static ServerConfig parse(String... args) {
        Main main = new Main();
        String[] withStorage = new String[args.length + 1];
        withStorage[0] = "--storage=memory";
        System.arraycopy(args, 0, withStorage, 1, args.length);
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(withStorage);
        return main.config();
    }
}
