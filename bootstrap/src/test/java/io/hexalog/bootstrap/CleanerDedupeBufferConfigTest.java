package io.hexalog.bootstrap;

import io.hexalog.domain.compaction.DedupeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** log.cleaner.dedupe.buffer.size and log.cleaner.io.buffer.load.factor: Kafka's defaults, keys, and checks. */
class CleanerDedupeBufferConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseKafkasDefaults() {
        DedupeBuffer buffer = parse("--storage=memory").broker().settings().cleaner().dedupeBuffer();

        assertThat(buffer).isEqualTo(new DedupeBuffer(134_217_728L, 0.9));
    }

    @Test
    void shouldReadTheKeysFromTheConfigFileAndLetFlagsOverrideThem() throws IOException {
        Path file = file("log.cleaner.dedupe.buffer.size=33554432\nlog.cleaner.io.buffer.load.factor=0.5\n");

        ServerConfig fromFile = parse("--config", file.toString());
        ServerConfig fromFlags = parse("--config", file.toString(), "--log-cleaner-dedupe-buffer-size=2097152",
                "--log-cleaner-io-buffer-load-factor=0.75");

        assertThat(fromFile.broker().cleanerDedupeBuffer()).isEqualTo(new DedupeBuffer(33_554_432L, 0.5));
        assertThat(fromFlags.broker().cleanerDedupeBuffer()).isEqualTo(new DedupeBuffer(2_097_152L, 0.75));
        assertThat(ServerProperties.load(file).unknownKeys()).isEmpty();
    }

    @Test
    void shouldRefuseABufferOfOneMebibyteOrLessAsKafkaDoes() {
        assertThatThrownBy(() -> parse("--log-cleaner-dedupe-buffer-size=1048576"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread")
                .hasMessageContaining("--log-cleaner-dedupe-buffer-size");
        assertThat(parse("--log-cleaner-dedupe-buffer-size=1048577").broker().cleanerDedupeBuffer().sizeBytes())
                .isEqualTo(1_048_577L);
    }

    @Test
    void shouldRefuseALoadFactorThatLeavesNoRoomForOneKey() {
        assertThatThrownBy(() -> parse("--log-cleaner-io-buffer-load-factor=0.0000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("offset map is too small to fit in even a single message");
        assertThatThrownBy(() -> parse("--log-cleaner-io-buffer-load-factor=1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log.cleaner.io.buffer.load.factor");
    }

    @Test
    void shouldRefuseAValueThatIsNoNumberNamingTheKey() throws IOException {
        Path file = file("log.cleaner.io.buffer.load.factor=most\n");

        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(BrokerStartupException.class).hasMessageContaining("log.cleaner.io.buffer.load.factor");
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
