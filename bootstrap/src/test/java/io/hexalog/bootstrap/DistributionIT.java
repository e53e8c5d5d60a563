package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as an operator uses it: unpacked from target/hexalog-&lt;version&gt;.tar.gz, started with
 * {@code bin/hexalog-server-start.sh -daemon config/server.properties}, used by a real client, stopped with
 * {@code bin/hexalog-server-stop.sh}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DistributionIT {

    /** The ready line, in the broker's text format: an ISO-8601 date with its zone, level, thread and logger. */
    private static final Pattern READY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
            + "(Z|[+-]\\d\\d:\\d\\d) INFO  \\[main] io\\.hexalog\\.bootstrap\\.Main - Hexalog .* ready on 127\\.0\\.0\\.1:(\\d+)",
            Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path home;
    private long brokerPid = -1;

    @AfterEach
    void killABrokerLeftRunning() {
        if (brokerPid > 0) {
            ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldStartServeAndStopWithTheScriptsOfTheDistribution() throws Exception {
        home = unpack();
        assertThat(home.resolve("libs/hexalog.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        assertThat(home.resolve("NOTICE")).isRegularFile();
        assertThat(Files.isExecutable(home.resolve("bin/hexalog-server-start.sh"))).isTrue();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, Files.readString(home.resolve("config/server.properties"))
                + "log.dirs=" + dir.resolve("data") + "\nnum.partitions=2\n");

        int exit = script(List.of("bin/hexalog-server-start.sh", "-daemon", config.toString(),
                "--host=127.0.0.1", "--port=0", "--http-port=0"));

        assertThat(exit).isZero();
        int port = awaitReadyPort();
        brokerPid = Long.parseLong(Files.readString(home.resolve("hexalog-server.pid")).trim());
        String commandLine = commandLine(brokerPid);
        assertThat(commandLine).contains("-Xmx256m", "-XX:MaxGCPauseMillis=20", "-XX:+UseG1GC",
                "-Dhexalog.distribution.check=yes",
                "-XX:SharedArchiveFile=" + home.resolve("libs/hexalog.jsa"), home.resolve("libs/hexalog.jar").toString());
        assertThat(home.resolve("libs/hexalog.jsa")).isRegularFile();

        assertThat(produceAndConsume("127.0.0.1:" + port)).containsExactly("one", "two", "three");

        assertThat(script(List.of("bin/hexalog-server-stop.sh"))).isZero();
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(home.resolve("hexalog-server.pid")).doesNotExist();
        assertThat(script(List.of("bin/hexalog-server-stop.sh"))).isNotZero();
    }

    @Test
    void shouldStartANodeOfAClusterWithTheClusterArchiveItRecordsOnItsFirstStart() throws Exception {
        home = unpack();
        int quorumPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            quorumPort = socket.getLocalPort();
        }
        Path config = dir.resolve("server.properties");
        Files.writeString(config, Files.readString(home.resolve("config/server.properties"))
                + "log.dirs=" + dir.resolve("data") + "\nnode.id=1\ncontroller.quorum.voters=1@127.0.0.1:" + quorumPort
                + "\n");

        int exit = script(List.of("bin/hexalog-server-start.sh", "-daemon", config.toString(),
                "--host=127.0.0.1", "--port=0", "--http-port=0"));

        assertThat(exit).isZero();
        int port = awaitReadyPort();
        brokerPid = Long.parseLong(Files.readString(home.resolve("hexalog-server.pid")).trim());
        assertThat(commandLine(brokerPid)).contains("-XX:SharedArchiveFile=" + home.resolve("libs/hexalog-cluster.jsa"));
        assertThat(home.resolve("libs/hexalog-cluster.jsa")).isRegularFile();
        assertThat(home.resolve("libs/hexalog.jsa")).doesNotExist();
        assertThat(produceAndConsume("127.0.0.1:" + port)).containsExactly("one", "two", "three");
        assertThat(script(List.of("bin/hexalog-server-stop.sh"))).isZero();
    }

    private Path unpack() throws IOException, InterruptedException {
        Path tarball;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tarball = files.filter(file -> file.getFileName().toString().matches("hexalog-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no distribution: run the package phase"));
        }
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", dir.toString())
                .inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        String name = tarball.getFileName().toString().replace(".tar.gz", "");
        return dir.resolve(name);
    }

    /** Runs a script of the distribution from its directory, with the environment an operator would set. */
    private int script(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).inheritIO();
        builder.environment().put("KAFKA_HEAP_OPTS", "-Xmx256m -Xms64m");
        builder.environment().put("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:MaxGCPauseMillis=20 -XX:+UseG1GC");
        builder.environment().put("KAFKA_OPTS", "-Dhexalog.distribution.check=yes");
        builder.environment().put("LOG_DIR", dir.resolve("logs").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return process.exitValue();
    }

    private int awaitReadyPort() throws IOException, InterruptedException {
        Path out = dir.resolve("logs/hexalog-server.out");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(out)) {
                Matcher ready = READY.matcher(Files.readString(out, StandardCharsets.UTF_8));
                if (ready.find()) {
                    return Integer.parseInt(ready.group(2));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the broker did not get ready within " + START_TIMEOUT + "; its output: "
                + (Files.exists(out) ? Files.readString(out) : "none"));
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().arguments())
                .map(arguments -> String.join(" ", arguments)).orElse("");
    }

    private static List<String> produceAndConsume(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String value : List.of("one", "two", "three")) {
                producer.send(new ProducerRecord<>("distribution", "key", value)).get(30, TimeUnit.SECONDS);
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "distribution",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("distribution"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < 3 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
