package io.hexalog.benchmarks.jmh;

import io.hexalog.bootstrap.ServerConfig;
import io.hexalog.bootstrap.HexalogBroker;
import io.hexalog.bootstrap.StorageKind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ResponseHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Whole requests through an embedded broker over loopback TCP: framing, parsing with Kafka's classes,
 * the use case, storage, and response encoding (a Fetch response carries the stored batches). This is the
 * broker's public path, so every package-private class of the protocol adapter is measured as it runs.
 * One connection, one request in flight: the figure is a round-trip rate, not peak throughput. With
 * {@code metrics=on} the broker counts every request as it does with the admin HTTP API on, which is what
 * counting costs per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class BrokerRoundTripBenchmark {

    private static final String PRODUCE_TOPIC = "produce-topic";
    private static final String FETCH_TOPIC = "fetch-topic";
    private static final int FETCH_MAX_BYTES = 1024 * 1024;
    private static final int FETCH_TOPIC_BATCHES = 64;

    @Param({"memory"})
    public String storage;

    /** {@code on}: the admin HTTP API is on and the Kafka listener counts its traffic into the metrics. */
    @Param({"off", "on"})
    public String metrics;

    private Path dataDir;
    private HexalogBroker broker;
    private Admin admin;
    private KafkaConnection connection;
    private ByteBuffer produce;
    private ByteBuffer fetch;

    @Setup(Level.Trial)
    public void startBroker() throws IOException, ExecutionException, InterruptedException {
        dataDir = Files.createTempDirectory("hexalog-benchmark");
        ServerConfig config = ServerConfig.loopback(StorageKind.valueOf(storage.toUpperCase()), dataDir);
        broker = HexalogBroker.start(metrics.equals("on") ? config.withHttp(ServerConfig.Http.loopback()) : config);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(FETCH_TOPIC, 1, (short) 1))).all().get();
        connection = new KafkaConnection("127.0.0.1", broker.port());
        ProduceRequestData fill = Requests.produce(FETCH_TOPIC, 1, (short) 1, "none");
        for (int i = 0; i < FETCH_TOPIC_BATCHES; i++) {
            checkProduced(connection.roundTrip(Requests.produceFrame(fill, i)));
        }
        produce = Requests.produceFrame(Requests.produce(PRODUCE_TOPIC, 1, (short) 1, "none"), 1);
        fetch = Requests.fetchFrame(FETCH_TOPIC, 1, 0, FETCH_MAX_BYTES, 2);
    }

    /** A fresh produce topic each iteration, so that the in-memory log does not fill the heap. */
    @Setup(Level.Iteration)
    public void recreateProduceTopic() throws ExecutionException, InterruptedException {
        if (admin.listTopics().names().get().contains(PRODUCE_TOPIC)) {
            admin.deleteTopics(List.of(PRODUCE_TOPIC)).all().get();
        }
        admin.createTopics(List.of(new NewTopic(PRODUCE_TOPIC, 1, (short) 1))).all().get();
        checkProduced(connection.roundTrip(produce));
        checkFetched(connection.roundTrip(fetch));
    }

    @TearDown(Level.Trial)
    public void stopBroker() throws IOException {
        connection.close();
        admin.close();
        broker.close();
    }

    @Benchmark
    public int produce16KB() {
        return connection.roundTrip(produce).remaining();
    }

    @Benchmark
    public int fetch1MB() {
        return connection.roundTrip(fetch).remaining();
    }

    private static void checkProduced(ByteBuffer response) {
        ResponseHeader.parse(response, ApiKeys.PRODUCE.responseHeaderVersion(Requests.PRODUCE_VERSION));
        ProduceResponseData data = new ProduceResponseData(new ByteBufferAccessor(response), Requests.PRODUCE_VERSION);
        short error = data.responses().iterator().next().partitionResponses().get(0).errorCode();
        if (error != Errors.NONE.code()) {
            throw new IllegalStateException("Produce failed: " + Errors.forCode(error));
        }
    }

    private static void checkFetched(ByteBuffer response) {
        ResponseHeader.parse(response, ApiKeys.FETCH.responseHeaderVersion(Requests.FETCH_VERSION));
        FetchResponseData data = new FetchResponseData(new ByteBufferAccessor(response), Requests.FETCH_VERSION);
        FetchResponseData.PartitionData partition = data.responses().get(0).partitions().get(0);
        if (partition.errorCode() != Errors.NONE.code() || partition.records().sizeInBytes() < FETCH_MAX_BYTES / 2) {
            throw new IllegalStateException("Fetch returned " + Errors.forCode(partition.errorCode()) + " and "
                    + partition.records().sizeInBytes() + " bytes");
        }
    }
}
