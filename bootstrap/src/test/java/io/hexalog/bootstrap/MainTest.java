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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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

    @Test
    void shouldSayInOneLineThatTheKafkaPortIsTakenNamingTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            List<String> errors = standardError(() -> assertThat(run("--storage=memory", "--host=127.0.0.1",
                    "--port=" + taken.getLocalPort(), "--http-port=-1", "--exit-when-ready")).isEqualTo(1));

            assertThat(errors).singleElement().asString().startsWith("hexalog: cannot start: ")
                    .contains(address).contains("already in use");
        }
    }

    @Test
    void shouldRefuseInOneLineToStartANodeOfAClusterOnASingleBrokersData() {
        String data = "--data-dir=" + dir.resolve("data");
        assertThat(run("--storage=rocksdb", data, "--host=127.0.0.1", "--port=0", "--http-port=0", "--exit-when-ready"))
                .as("a single broker ran on the directory").isZero();

        List<String> errors = standardError(() -> assertThat(run("--storage=rocksdb", data, "--host=127.0.0.1",
                "--port=0", "--http-port=0", "--node-id=1", "--quorum-voters=1@127.0.0.1:19192", "--exit-when-ready"))
                .isEqualTo(1));

        assertThat(errors).singleElement().asString()
                .startsWith("hexalog: cannot start: Data directory " + dir.resolve("data") + " holds a single broker's")
                .contains("without --quorum-voters");
        assertThat(dir.resolve("data").resolve(HexalogBroker.CLUSTER_STATE_DIRECTORY)).as("nothing written")
                .doesNotExist();
        assertThat(run("--storage=rocksdb", data, "--host=127.0.0.1", "--port=0", "--http-port=0", "--exit-when-ready"))
                .as("the single broker starts on it again").isZero();
    }

    @Test
    void shouldSayInOneLineThatTheMachineHasNoSuchAddress() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, never a machine's address.
        List<String> errors = standardError(() -> assertThat(run("--storage=memory", "--host=192.0.2.1", "--port=0",
                "--http-port=-1", "--exit-when-ready")).isEqualTo(1));

        assertThat(errors).singleElement().asString().contains("192.0.2.1:0").contains("no such address");
    }

    @Test
    void shouldSayInOneLineThatALogLevelIsUnknown() {
        List<String> errors = standardError(() -> assertThat(run("--storage=memory", "--host=127.0.0.1", "--port=0",
                "--http-port=-1", "--log-level=VERBOSE", "--exit-when-ready")).isEqualTo(1));

        assertThat(errors).singleElement().asString().contains("unknown level 'VERBOSE'");
    }

    @Test
    void shouldRefuseInOneLineAReadPoolLargerThanTheJvmsDirectMemory() {
        long pool = DirectMemory.limitBytes();

        List<String> errors = standardError(() -> assertThat(run("--storage=rocksdb", "--data-dir=" + dir.resolve("data"),
                "--log-rocksdb-read-pool-bytes=" + pool, "--host=127.0.0.1", "--port=0", "--http-port=-1",
                "--exit-when-ready")).isEqualTo(1));

        assertThat(errors).singleElement().asString().startsWith("hexalog: cannot start: --log-rocksdb-read-pool-bytes")
                .contains("-XX:MaxDirectMemorySize");
        assertThat(dir.resolve("data")).as("nothing was opened").doesNotExist();
    }

    @Test
    void shouldNameTheReadPoolKeyWhereTheConfigFileSetIt() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "log.rocksdb.read.pool.bytes=" + DirectMemory.limitBytes() + "\n");

        List<String> errors = standardError(() -> assertThat(run(file.toString(), "--storage=rocksdb",
                "--data-dir=" + dir.resolve("data"), "--host=127.0.0.1", "--port=0", "--http-port=-1",
                "--exit-when-ready")).isEqualTo(1));

        assertThat(errors).singleElement().asString()
                .startsWith("hexalog: cannot start: log.rocksdb.read.pool.bytes in " + file + " of ")
                .contains("-XX:MaxDirectMemorySize");
    }

    @Test
    void shouldSayInOneLineThatAConfigKeyAsksForSecurity() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"), "listeners=SASL_SSL://:9093\n");

        List<String> errors = standardError(() -> assertThat(run(file.toString(), "--storage=memory",
                "--http-port=-1", "--exit-when-ready")).isEqualTo(1));

        assertThat(errors).singleElement().asString().contains("listeners in " + file).contains("SASL_SSL");
    }

    @Test
    void shouldLogTheEffectiveConfigurationOnceWithSecretsHidden() throws IOException {
        Path file = Files.writeString(dir.resolve("server.properties"),
                "num.partitions=3\nzookeeper.ssl.keystore.password=s3cret\n");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger configLogger = (Logger) LoggerFactory.getLogger(EffectiveConfig.class);
        configLogger.addAppender(log);
        log.start();
        try {
            run(file.toString(), "--storage=memory", "--host=127.0.0.1", "--port=0", "--http-port=-1",
                    "--exit-when-ready");
        } finally {
            configLogger.detachAppender(log);
        }

        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("Hexalog config values:").contains("\n\tnum.partitions = 3\n")
                .contains("\tlisteners = PLAINTEXT://127.0.0.1:0").contains("\tauto.create.topics.enable = true")
                .contains("zookeeper.ssl.keystore.password (ignored) = [hidden]").doesNotContain("s3cret");
    }

    private static List<String> standardError(Runnable run) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static int run(String... flags) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Main.commandLine(new Main(Map.of())).execute(flags));
    }
}
