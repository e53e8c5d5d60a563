package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The command line as {@code java -jar hexalog.jar} runs it, for the runs that end by themselves. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartAndStopAgainWhenAskedToExitWhenReady() {
        String[] flags = {"--storage=rocksdb", "--data-dir=" + dir.resolve("data"), "--host=127.0.0.1", "--port=0",
                "--exit-when-ready"};

        int first = run(flags);
        int second = run(flags);

        assertThat(first).isZero();
        assertThat(second).as("the first run released its data directory").isZero();
    }

    @Test
    void shouldExitWithOneWhenTheBrokerCannotStart() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "not a data directory");

        int exitCode = run("--storage=rocksdb", "--data-dir=" + notADirectory, "--host=127.0.0.1", "--port=0",
                "--exit-when-ready");

        assertThat(exitCode).isEqualTo(1);
    }

    private static int run(String... flags) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(flags));
    }
}
