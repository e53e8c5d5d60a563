package io.hexalog.benchmarks.load;

import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Waits for a broker to serve its first request: sends a Metadata request every few milliseconds until one
 * is answered with at least one broker ({@code --brokers}: that many, for a cluster), then prints the wall-clock
 * time it happened, so that a script that noted when it started the broker gets the start-up time.
 *
 * <p>With {@code --pid-from-stdin} the probe first gets ready (its own JVM started, the request encoded, the
 * classes it needs loaded), prints {@code ARMED} and only then reads the broker's process ID from standard
 * input: a script starts the broker after that line, so that the probe's own start-up, which competes for the
 * same CPUs, is not counted as the broker's.
 */
@Command(name = "startup-probe", mixinStandardHelpOptions = true,
        description = "Prints when a broker first answers a Metadata request.")
public final class StartupProbe implements Callable<Integer> {

    private static final short METADATA_VERSION = 12;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--timeout-seconds", defaultValue = "60")
    int timeoutSeconds;

    @Option(names = "--interval-ms", defaultValue = "5")
    int intervalMs;

    @Option(names = "--brokers", defaultValue = "1",
            description = "Brokers the Metadata answer must list, e.g. 3 for a whole three-node cluster. Default: ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--pid", description = "The broker's process: give up as soon as it has exited.")
    Long pid;

    @Option(names = "--pid-from-stdin",
            description = "Get ready, print ARMED, then read the broker's process ID from standard input.")
    boolean pidFromStdin;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StartupProbe()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        ByteBuffer request = metadataRequest();
        if (pidFromStdin) {
            metadataServed(request);
            System.out.println("ARMED");
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            if (line == null) {
                System.err.println("no process ID on standard input");
                return 1;
            }
            pid = Long.parseLong(line.trim());
        }
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (System.currentTimeMillis() < deadline && brokerAlive()) {
            if (metadataServed(request)) {
                System.out.println("READY epoch_ms=" + System.currentTimeMillis());
                return 0;
            }
            Thread.sleep(intervalMs);
        }
        System.err.println(brokerAlive()
                ? "no Metadata answer from " + host + ":" + port + " within " + timeoutSeconds + " s"
                : "the broker process " + pid + " exited before answering");
        return 1;
    }

    private boolean brokerAlive() {
        return pid == null || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static ByteBuffer metadataRequest() {
        return new MetadataRequest(new MetadataRequestData().setTopics(List.of()).setAllowAutoTopicCreation(false),
                METADATA_VERSION)
                .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, METADATA_VERSION, "startup-probe", 1));
    }

    private boolean metadataServed(ByteBuffer request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            ByteBuffer response = ByteBuffer.wrap(frame);
            ResponseHeader.parse(response, ApiKeys.METADATA.responseHeaderVersion(METADATA_VERSION));
            MetadataResponseData data = new MetadataResponseData(new ByteBufferAccessor(response), METADATA_VERSION);
            return data.brokers().size() >= Math.max(1, brokers);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
