package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive the package phase records belongs to the jar it was recorded for and holds what a start
 * and a first request load: the JVM maps it ({@code -Xshare:on} refuses to start otherwise), and picocli's classes,
 * which are compiled for Java 5, the broker's own and the classes of a first Metadata request come from it rather
 * than from the jar.
 */
class ClassDataArchiveIT {

    private static final Path JAR = Path.of("target", "hexalog.jar");
    private static final Path ARCHIVE = Path.of("target", "hexalog.jsa");
    private static final String FROM_ARCHIVE = "source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void shouldStartAndAnswerAFirstRequestWithClassesMappedFromTheArchive() throws Exception {
        Path classLog = dir.resolve("classes.log");
        Process broker = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:class+load=info:file=" + classLog,
                "-jar", JAR.toString(), "--storage=rocksdb", "--data-dir=" + dir.resolve("data"), "--host=127.0.0.1",
                "--port=0", "--http-port=0", "--log-level=WARN", "--exit-when-ready"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();

        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker stopped after its first request").isTrue();
        assertThat(broker.exitValue()).as("exit code, with the archive required: %s",
                Files.readString(dir.resolve("broker.log"))).isZero();

        Map<String, String> sources = Files.readAllLines(classLog).stream()
                .filter(line -> line.contains(" source: "))
                .collect(Collectors.toMap(ClassDataArchiveIT::className, line -> line, (first, again) -> first));
        long mapped = sources.values().stream().filter(line -> line.contains(FROM_ARCHIVE)).count();
        assertThat(List.of("picocli.CommandLine", "io.hexalog.bootstrap.Main",
                "org.apache.kafka.common.message.MetadataResponseData", "io.netty.channel.DefaultChannelPipeline"))
                .as("%d of %d classes mapped from the archive", mapped, sources.size())
                .allSatisfy(name -> assertThat(sources.get(name)).as(name).contains(FROM_ARCHIVE));
    }

    /** {@code [0.012s][info][class,load] java.lang.Object source: shared objects file}: the class's name. */
    private static String className(String line) {
        String afterTags = line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2);
        return afterTags.substring(0, afterTags.indexOf(' '));
    }
}
