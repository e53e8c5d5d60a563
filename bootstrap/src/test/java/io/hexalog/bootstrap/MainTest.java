package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The command line as {@code java -jar hexalog.jar} runs it, for the runs that end by themselves. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartAndStopAgainWhenAskedToExitWhenReady() {
        String[] flags = {"--storage=rocksdb", "--data-dir=" + dir.resolve("data"), "--host=127.0.0.1", "--port=0",
                "--http-port=0", "--exit-when-ready"};

        int first = run(flags);
        int second = run(flags);

        assertThat(first).isZero();
        assertThat(second).as("the first run released its data directory").isZero();
    }

    @Test
    void shouldExitWithOneWhenTheBrokerCannotStart() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "not a data directory");

        int exitCode = run("--storage=rocksdb", "--data-dir=" + notADirectory, "--host=127.0.0.1", "--port=0",
                "--http-port=0", "--exit-when-ready");

        assertThat(exitCode).isEqualTo(1);
    }

    @Test
    void shouldReportTheSettingsItStartedWithIncludingThoseFromTheConfigFile() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"), "node.id=7\n");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger mainLogger = (Logger) LoggerFactory.getLogger(Main.class);
        mainLogger.addAppender(log);
        log.start();
        try {
            run("--storage=memory", "--host=127.0.0.1", "--port=0", "--http-port=0", "--config", file.toString(),
                    "--exit-when-ready");
        } finally {
            mainLogger.detachAppender(log);
        }

        assertThat(log.list).map(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("ready on 127.0.0.1:").endsWith("storage memory, node 7"));
    }

    @Test
    void shouldNameTheHttpAddressInTheReadyLineOrSayItIsOff() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger mainLogger = (Logger) LoggerFactory.getLogger(Main.class);
        mainLogger.addAppender(log);
        log.start();
        try {
            run("--storage=memory", "--host=127.0.0.1", "--port=0", "--http-port=0", "--exit-when-ready");
            run("--storage=memory", "--host=127.0.0.1", "--port=0", "--http-port=-1", "--exit-when-ready");
        } finally {
            mainLogger.detachAppender(log);
        }

        List<String> ready = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains(" ready on ")).toList();
        assertThat(ready).hasSize(2);
        assertThat(ready.get(0)).containsPattern("admin HTTP on http://127\\.0\\.0\\.1:[1-9][0-9]*,");
        assertThat(ready.get(1)).contains("admin HTTP off");
    }

    @Test
    void shouldExitWithOneWhenTheHttpPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int exitCode = run("--storage=memory", "--host=127.0.0.1", "--port=0",
                    "--http-port=" + taken.getLocalPort(), "--exit-when-ready");

            assertThat(exitCode).isEqualTo(1);
        }
    }

    @Test
    void shouldShowTheProtocolTraceWhenAskedForEvenIfTheLogLevelHidesInfo() {
        Logger traceLogger = (Logger) LoggerFactory.getLogger(KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        try {
            int exitCode = run("--storage=memory", "--host=127.0.0.1", "--port=0", "--http-port=0", "--log-level=WARN",
                    "--trace-protocol", "--exit-when-ready");

            assertThat(exitCode).isZero();
            assertThat(traceLogger.isInfoEnabled()).isTrue();
            assertThat(root.isInfoEnabled()).isFalse();
        } finally {
            traceLogger.setLevel(null);
            root.setLevel(rootLevel);
        }
    }

    private static int run(String... flags) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Main.commandLine(new Main(Map.of())).execute(flags));
    }
}
