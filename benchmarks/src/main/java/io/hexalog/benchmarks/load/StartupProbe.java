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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Waits for a broker to serve its first request: sends a Metadata request every few milliseconds until one
 * is answered with at least one broker, then prints the wall-clock time it happened, so that a script that
 * noted when it started the broker gets the start-up time.
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

    @Option(names = "--pid", description = "The broker's process: give up as soon as it has exited.")
    Long pid;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StartupProbe()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (System.currentTimeMillis() < deadline && brokerAlive()) {
            if (metadataServed()) {
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

    private boolean metadataServed() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            ByteBuffer request = new MetadataRequest(new MetadataRequestData().setTopics(List.of())
                    .setAllowAutoTopicCreation(false), METADATA_VERSION)
                    .serializeWithHeader(new RequestHeader(ApiKeys.METADATA, METADATA_VERSION, "startup-probe", 1));
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
            return !data.brokers().isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
