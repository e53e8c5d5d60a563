package io.hexalog.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker jar run as a child process, as an operator runs it, so that it can be killed like a real
 * process. Its output is echoed with a prefix; the listening port is read from its ready line.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "hexalog.jar");
    private static final Pattern READY = Pattern.compile("ready on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output;
    private final Thread echo;

    private BrokerProcess(Process process, int port, List<String> output, Thread echo) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.echo = echo;
    }

    /** Starts {@code java -jar hexalog.jar} with the given flags and waits up to 30 s for it to be ready. */
    static BrokerProcess start(String... flags) throws IOException, InterruptedException {
        return start(List.of(), flags);
    }

    /** Starts {@code java <jvmOptions> -jar hexalog.jar} with the given flags, as {@link #start(String...)}. */
    static BrokerProcess start(List<String> jvmOptions, String... flags) throws IOException, InterruptedException {
        return start(jvmOptions, 0, Duration.ofSeconds(30), flags);
    }

    /**
     * Starts {@code java <jvmOptions> -jar hexalog.jar} listening on {@code kafkaPort} (0 picks a free one) and waits
     * up to {@code readyTimeout} for it to be ready: a broker restarted on the port it had is found where clients
     * last saw it.
     */
    static BrokerProcess start(List<String> jvmOptions, int kafkaPort, Duration readyTimeout, String... flags)
            throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "--host=127.0.0.1", "--port=" + kafkaPort, "--http-port=0"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread echo = new Thread(() -> echo(process, port, output), "broker-output-" + process.pid());
        echo.setDaemon(true);
        echo.start();
        try {
            return new BrokerProcess(process, port.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS), output, echo);
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Broker did not become ready", e);
        }
    }

    private static void echo(Process process, CompletableFuture<Integer> port, List<String> output) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[broker " + process.pid() + "] " + line);
                output.add(line);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    port.complete(Integer.parseInt(ready.group(1)));
                }
            }
            // its last lines say why, where a build's log shows only the failure: stack frames left out
            List<String> said = output.stream().filter(text -> !text.startsWith("\t")).toList();
            port.completeExceptionally(new IllegalStateException("Broker exited with " + process.waitFor()
                    + "; its last lines:\n" + String.join("\n", said.subList(Math.max(0, said.size() - 12),
                    said.size()))));
        } catch (IOException | InterruptedException e) {
            port.completeExceptionally(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /**
     * Waits for the process to exit on its own.
     *
     * @return its exit code, or empty if it is still running after {@code timeout}
     */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        echo.join(5_000);
        return Optional.of(process.exitValue());
    }

    /** Every line the broker printed so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGTERM, waiting up to 30 s for the process to exit. The JVM reports 143 (128 + SIGTERM) however
     * cleanly its shutdown hooks ran; whether they did shows in the output.
     *
     * @return every line the broker printed
     */
    List<String> terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the output pipe.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        echo.join(5_000);
        return List.copyOf(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
