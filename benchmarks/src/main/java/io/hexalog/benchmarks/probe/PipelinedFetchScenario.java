package io.hexalog.benchmarks.probe;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One connection sends many large Fetch requests back to back and does not read the answers for a while:
 * a broker that works on all of them at once holds every response in memory together.
 */
@Command(name = "pipelined-fetch", mixinStandardHelpOptions = true,
        description = "Pipelines large Fetch requests on one connection without reading, then reports the broker's state.")
final class PipelinedFetchScenario implements Callable<Integer> {

    private static final short FETCH_VERSION = 12;

    @Mixin
    BrokerTarget broker;

    @Option(names = "--topic", defaultValue = "probe-pipelined-fetch", description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--fill-mb", defaultValue = "200",
            description = "MiB of 1 KiB records to produce into the topic first (0: use what is there). Default: ${DEFAULT-VALUE}.")
    int fillMib;

    @Option(names = "--requests", defaultValue = "40", description = "Fetch requests to pipeline. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--max-bytes", defaultValue = "52428800",
            description = "max_bytes and partition_max_bytes of each request. Default: ${DEFAULT-VALUE}.")
    int maxBytes;

    @Option(names = "--hold-seconds", defaultValue = "15",
            description = "How long to leave the answers unread. Default: ${DEFAULT-VALUE}.")
    int holdSeconds;

    @Override
    public Integer call() throws Exception {
        if (fillMib > 0) {
            fill();
        }
        System.out.println("before: " + broker.describeHealth());
        long peakRss = 0;
        int answered = 0;
        long answeredBytes = 0;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(broker.host, broker.port), 5_000);
            socket.setReceiveBufferSize(64 * 1024);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (int i = 0; i < requests; i++) {
                ByteBuffer frame = fetch(i);
                out.writeInt(frame.remaining());
                out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            }
            out.flush();
            System.out.printf("sent %d Fetch requests of %d bytes each, not reading for %d s%n", requests, maxBytes, holdSeconds);
            long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (System.nanoTime() < holdUntil) {
                peakRss = Math.max(peakRss, broker.residentMib().orElse(0));
                Thread.sleep(500);
            }
            System.out.println("while held: " + broker.describeHealth() + ", peak resident " + peakRss + " MiB");
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] chunk = new byte[1 << 20];
            for (; answered < requests; answered++) {
                int size = in.readInt();
                answeredBytes += size;
                for (int left = size; left > 0; ) {
                    int read = in.read(chunk, 0, Math.min(chunk.length, left));
                    if (read < 0) {
                        throw new java.io.EOFException("closed mid-response");
                    }
                    left -= read;
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("connection ended: " + e);
        }
        System.out.printf("answers read: %d of %d (%d MiB)%n", answered, requests, answeredBytes >> 20);
        System.out.println("after: " + broker.describeHealth());
        return broker.processAlive() && broker.answers() ? 0 : 1;
    }

    private ByteBuffer fetch(int correlationId) {
        FetchRequestData data = new FetchRequestData()
                .setReplicaId(FetchRequest.CONSUMER_REPLICA_ID)
                .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(maxBytes)
                .setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                .setPartitionMaxBytes(maxBytes).setCurrentLeaderEpoch(-1).setLogStartOffset(-1)))));
        return new FetchRequest(data, FETCH_VERSION)
                .serializeWithHeader(new RequestHeader(ApiKeys.FETCH, FETCH_VERSION, "probe", correlationId));
    }

    private void fill() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        byte[] value = new byte[1024];
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < fillMib * 1024L; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
        System.out.printf("filled %s with %d MiB%n", topic, fillMib);
    }
}
