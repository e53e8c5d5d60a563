package io.hexalog.benchmarks.probe;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends malformed frames on many short connections for a while, beside a well-behaved producer, and reports
 * whether the producer was served throughout and how much the broker's log grew.
 */
@Command(name = "malformed-frames", mixinStandardHelpOptions = true,
        description = "Floods the broker with malformed frames beside a normal producer.")
final class MalformedFramesScenario implements Callable<Integer> {

    @Mixin
    BrokerTarget broker;

    @Option(names = "--seconds", defaultValue = "20", description = "How long to flood. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--frames-per-connection", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int framesPerConnection;

    @Option(names = "--broker-log", description = "The broker's log file, to report how much it grew.")
    Path brokerLog;

    @Option(names = "--topic", defaultValue = "probe-malformed-frames", description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        long logLinesBefore = lines();
        long logBytesBefore = bytes();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        long frames = 0;
        long connections = 0;
        SplittableRandom random = new SplittableRandom(seed);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < until) {
                producer.send(new ProducerRecord<>(topic, new byte[100]), (metadata, error) ->
                        (error == null ? acknowledged : failed).incrementAndGet());
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(broker.host, broker.port), 2_000);
                    connections++;
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < framesPerConnection; i++) {
                        out.write(malformedFrame(random));
                        frames++;
                    }
                    out.flush();
                } catch (IOException e) {
                    // The broker closing a connection mid-write is one of the answers we expect.
                }
            }
            producer.flush();
        }
        System.out.printf("sent %d malformed frames on %d connections in %d s%n", frames, connections, seconds);
        System.out.printf("beside them, a producer: %d acknowledged, %d failed%n", acknowledged.get(), failed.get());
        if (brokerLog != null) {
            System.out.printf("broker log grew by %d lines, %d KiB%n", lines() - logLinesBefore,
                    (bytes() - logBytesBefore) >> 10);
        }
        System.out.println("broker: " + broker.describeHealth());
        return broker.answers() && failed.get() == 0 ? 0 : 1;
    }

    /** A size-prefixed frame whose header or body is wrong in one of a few ways. */
    private static byte[] malformedFrame(SplittableRandom random) {
        int kind = random.nextInt(4);
        int bodySize = 8 + random.nextInt(120);
        ByteBuffer frame = ByteBuffer.allocate(4 + bodySize);
        frame.putInt(bodySize);
        switch (kind) {
            case 0 -> frame.putShort((short) (1000 + random.nextInt(1000)));   // unknown API key
            case 1 -> frame.putShort((short) 3).putShort((short) 99);          // Metadata at a version never served
            case 2 -> frame.putShort((short) 0).putShort((short) 9);           // Produce with a garbled body
            default -> frame.putShort((short) random.nextInt(70));             // anything at all
        }
        while (frame.hasRemaining()) {
            frame.put((byte) random.nextInt(256));
        }
        return frame.array();
    }

    private long lines() throws IOException {
        if (brokerLog == null || !Files.exists(brokerLog)) {
            return 0;
        }
        try (var stream = Files.lines(brokerLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return stream.count();
        }
    }

    private long bytes() throws IOException {
        return brokerLog == null || !Files.exists(brokerLog) ? 0 : Files.size(brokerLog);
    }
}
