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

/** Kafka's listeners and advertised.listeners decide where the broker listens, flags winning over them. */
class KafkaListenersConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldListenWhereListenersSaysAndAdvertiseWhatAdvertisedListenersSays() throws IOException {
        ServerConfig.Listener listener = parse(file("listeners=PLAINTEXT://127.0.0.1:19092\n"
                + "advertised.listeners=PLAINTEXT://broker.example:29092\n")).listener();

        assertThat(listener.host()).isEqualTo("127.0.0.1");
        assertThat(listener.port()).isEqualTo(19092);
        assertThat(listener.advertisedHost()).isEqualTo("broker.example");
        assertThat(listener.advertisedPort()).isEqualTo(29092);
    }

    @Test
    void shouldServeANamedPlaintextListenerAndLeaveTheControllersOut() throws IOException {
        ServerConfig.Listener listener = parse(file("""
                process.roles=broker,controller
                listeners=CLIENT://:9094,CONTROLLER://:9093
                advertised.listeners=CLIENT://localhost:9094
                listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=CLIENT
                """)).listener();

        assertThat(listener.host()).isEqualTo("0.0.0.0");
        assertThat(listener.port()).isEqualTo(9094);
        assertThat(listener.advertisedHost()).isEqualTo("localhost");
    }

    @Test
    void shouldLetFlagsWinOverListeners() throws IOException {
        Path file = file("listeners=PLAINTEXT://127.0.0.1:19092\nadvertised.listeners=PLAINTEXT://far:29092\n");

        ServerConfig.Listener listener = parse(file, "--host=127.0.0.2", "--port=0", "--advertised-host=near")
                .listener();

        assertThat(listener.host()).isEqualTo("127.0.0.2");
        assertThat(listener.port()).isZero();
        assertThat(listener.advertisedHost()).isEqualTo("near");
    }

    @Test
    void shouldStopTheBrokerForAListenerAskingForSsl() throws IOException {
        Path file = file("listeners=PLAINTEXT://:9092,SSL://:9093\n");

        assertThatThrownBy(() -> parse(file)).isInstanceOf(BrokerStartupException.class)
                .hasMessageStartingWith("listeners in ").hasMessageContaining("SSL")
                .hasMessageContaining("does not start in plaintext");
    }

    @Test
    void shouldStopTheBrokerForAProtocolMapAskingForSasl() throws IOException {
        Path file = file("listeners=CLIENT://:9092\nlistener.security.protocol.map=CLIENT:SASL_PLAINTEXT\n");

        assertThatThrownBy(() -> parse(file)).isInstanceOf(BrokerStartupException.class)
                .hasMessageStartingWith("listener.security.protocol.map in ").hasMessageContaining("SASL_PLAINTEXT");
    }

    @Test
    void shouldStopTheBrokerForTwoListenersToServe() throws IOException {
        Path file = file("listeners=PLAINTEXT://:9092,PLAINTEXT_HOST://:29092\n"
                + "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT\n");

        assertThatThrownBy(() -> parse(file)).isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("exactly one listener").hasMessageContaining("PLAINTEXT, PLAINTEXT_HOST");
    }

    @Test
    void shouldStopTheBrokerForAMalformedListenerNamingTheKey() throws IOException {
        assertThatThrownBy(() -> parse(file("listeners=localhost:9092\n")))
                .hasMessageStartingWith("listeners in ").hasMessageContaining("'localhost:9092'");
    }

    @Test
    void shouldTakeListenersFromTheEnvironmentAsTheKafkaImageDoes() {
        Main main = new Main(Map.of("KAFKA_LISTENERS", "PLAINTEXT://127.0.0.1:19093",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092"));
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();

        ServerConfig.Listener listener = main.config().listener();

        assertThat(listener.port()).isEqualTo(19093);
        assertThat(listener.advertisedHost()).isEqualTo("kafka");
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "server", ".properties"), content);
    }

    private static ServerConfig parse(Path file, String... flags) {
        Main main = new Main(Map.of());
        String[] args = new String[flags.length + 1];
        args[0] = file.toString();
        System.arraycopy(flags, 0, args, 1, flags.length);
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config();
    }
}
