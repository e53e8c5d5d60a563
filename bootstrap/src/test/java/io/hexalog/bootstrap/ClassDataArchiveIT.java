package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive the package phase records belongs to the jar it was recorded for and holds what a start
 * and a first request load: the JVM maps it ({@code -Xshare:on} refuses to start otherwise), and picocli's classes,
 * which are compiled for Java 5, the broker's own and the classes of a first Metadata request come from it rather
 * than from the jar. The cluster node's archive holds Ratis and its gRPC as well.
 */
class ClassDataArchiveIT {

    private static final Path JAR = Path.of("target", "hexalog.jar");
    private static final Path ARCHIVE = Path.of("target", "hexalog.jsa");
    private static final Path CLUSTER_ARCHIVE = Path.of("target", "hexalog-cluster.jsa");
    private static final String FROM_ARCHIVE = "source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void shouldStartAndAnswerAFirstRequestWithClassesMappedFromTheArchive() throws Exception {
        Map<String, String> sources = classSources(ARCHIVE, "--log-level=WARN");

        long mapped = sources.values().stream().filter(line -> line.contains(FROM_ARCHIVE)).count();
        assertThat(List.of("picocli.CommandLine", "io.hexalog.bootstrap.Main",
                "org.apache.kafka.common.message.MetadataResponseData", "io.netty.channel.DefaultChannelPipeline"))
                .as("%d of %d classes mapped from the archive", mapped, sources.size())
                .allSatisfy(name -> assertThat(sources.get(name)).as(name).contains(FROM_ARCHIVE));
        assertThat(sources.get("org.apache.ratis.server.impl.RaftServerImpl")).as("a single broker loads no Ratis")
                .isNull();
    }

    @Test
    void shouldStartAClusterNodeWithRatisAndItsGrpcMappedFromTheClusterArchive() throws Exception {
        int quorumPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            quorumPort = socket.getLocalPort();
        }

        Map<String, String> sources = classSources(CLUSTER_ARCHIVE, "--log-level=INFO", "--node-id=1",
                "--quorum-voters=1@127.0.0.1:" + quorumPort);

        long mapped = sources.values().stream().filter(line -> line.contains(FROM_ARCHIVE)).count();
        assertThat(List.of("io.hexalog.bootstrap.Main", "org.apache.kafka.common.message.MetadataResponseData",
                "io.hexalog.adapter.replication.ratis.RatisNode", "org.apache.ratis.server.impl.RaftServerImpl",
                "org.apache.ratis.thirdparty.io.grpc.netty.NettyServer"))
                .as("%d of %d classes mapped from the archive", mapped, sources.size())
                .allSatisfy(name -> assertThat(sources.get(name)).as(name).contains(FROM_ARCHIVE));
        // the gRPC inside Ratis logs through java.util.logging: its lines come in the broker's format, or not at all
        // (a line of the broker's format, or one of the effective configuration's, indented, that the first begins)
        assertThat(Files.readAllLines(dir.resolve("broker.log"))).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ [A-Z]+ +\\[.*|\t.*"));
    }

    /** Starts the packaged broker with {@code archive} required, until its first request; where each class came from. */
    private Map<String, String> classSources(Path archive, String... flags) throws Exception {
        Path classLog = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info:file=" + classLog,
                "-jar", JAR.toString(), "--storage=rocksdb", "--data-dir=" + dir.resolve("data"), "--host=127.0.0.1",
                "--port=0", "--http-port=0", "--exit-when-ready"));
        command.addAll(List.of(flags));
        Process broker = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();

        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker stopped after its first request").isTrue();
        assertThat(broker.exitValue()).as("exit code, with the archive required: %s",
                Files.readString(dir.resolve("broker.log"))).isZero();
        return Files.readAllLines(classLog).stream()
                .filter(line -> line.contains(" source: "))
                .collect(Collectors.toMap(ClassDataArchiveIT::className, line -> line, (first, again) -> first));
    }

    /** {@code [0.012s][info][class,load] java.lang.Object source: shared objects file}: the class's name. */
    private static String className(String line) {
        String afterTags = line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2);
        return afterTags.substring(0, afterTags.indexOf(' '));
    }
}
