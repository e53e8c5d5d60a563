package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fatal error ends the broker process with its own exit code, so that a supervisor restarts it, instead of
 * leaving it running without the memory to serve. The error is a real one: the broker runs with a small heap
 * and a client sends a request larger than the heap (allowed by {@code --max-request-bytes}).
 */
class FatalErrorIT {

    private static final int HEAP_MB = 64;
    private static final int REQUEST_BYTES = 2 * HEAP_MB * 1024 * 1024;
    private static final int CHUNK_BYTES = 64 * 1024;

    @Test
    void shouldExitWithTheFatalErrorCodeWhenARequestMakesTheBrokerRunOutOfMemory() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(List.of("-Xmx" + HEAP_MB + "m"),
                "--storage=memory", "--max-request-bytes=" + REQUEST_BYTES)) {
            // when a client sends a request twice the size of the heap
            sendRequestOfSize(broker.port(), REQUEST_BYTES);

            // then the broker exits on its own, with the code of a fatal error, having said why
            Optional<Integer> exitCode = broker.awaitExit(Duration.ofSeconds(30));
            assertThat(exitCode).contains(FatalErrorPolicy.EXIT_CODE);
            assertThat(broker.output()).anySatisfy(line -> assertThat(line)
                    .contains("ERROR").contains("Fatal error").contains("OutOfMemoryError")
                    .endsWith("the broker exits with code " + FatalErrorPolicy.EXIT_CODE));
        }
    }

    /** Writes a size prefix and that many bytes, or as many as the broker reads before it goes away. */
    private static void sendRequestOfSize(int port, int size) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            new DataOutputStream(out).writeInt(size);
            byte[] chunk = new byte[CHUNK_BYTES];
            for (int sent = 0; sent < size; sent += CHUNK_BYTES) {
                out.write(chunk);
            }
            out.flush();
        } catch (IOException brokerWentAway) {
            // expected once the broker has stopped
        }
    }
}
