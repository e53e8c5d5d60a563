package io.hexalog.benchmarks.probe;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import picocli.CommandLine.Option;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The broker a scenario probes: where it listens, and optionally its process, to watch its memory. */
final class BrokerTarget {

    private static final short API_VERSIONS_VERSION = 3;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Broker host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", required = true, description = "Broker's Kafka port.")
    int port;

    @Option(names = "--pid", description = "The broker's process ID, to report its resident memory.")
    Long pid;

    String bootstrapServers() {
        return host + ":" + port;
    }

    /** Whether the broker answers an ApiVersions request on a fresh connection within two seconds. */
    boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(2_000);
            ByteBuffer request = new ApiVersionsRequest(new ApiVersionsRequestData()
                    .setClientSoftwareName("hostile-client-probe").setClientSoftwareVersion("1"), API_VERSIONS_VERSION)
                    .serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, API_VERSIONS_VERSION, "probe", 1));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            in.readFully(new byte[size]);
            return size > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker process's resident memory in MiB, when {@code --pid} was given and the process lives. */
    OptionalLong residentMib() {
        if (pid == null) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return OptionalLong.of(kib / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Whether the broker's process still runs; true when no {@code --pid} was given. */
    boolean processAlive() {
        return pid == null || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    String describeHealth() {
        String rss = residentMib().stream().mapToObj(mib -> ", resident " + mib + " MiB").findFirst().orElse("");
        return "process " + (processAlive() ? "alive" : "GONE") + ", listener " + (answers() ? "answers" : "DEAF") + rss;
    }
}
