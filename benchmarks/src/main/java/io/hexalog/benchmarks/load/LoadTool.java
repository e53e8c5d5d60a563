package io.hexalog.benchmarks.load;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A bounded end-to-end load run against any Kafka-compatible broker: creates a topic, produces a fixed
 * number of records while a consumer tails them, then reads the whole topic again from the beginning,
 * deletes the topic and prints what it measured. It stops by itself: after the last record, or at the
 * time limit with an error.
 */
@Command(name = "hexalog-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produces and consumes a bounded workload and prints throughput and latency percentiles.")
public final class LoadTool implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Broker to load, host:port.")
    String bootstrapServers;

    @Option(names = "--records", defaultValue = "100000", description = "Records to produce. Default: ${DEFAULT-VALUE}.")
    long records;

    @Option(names = "--warmup-records", defaultValue = "20000",
            description = "Records produced and consumed first on another topic, not measured. Default: ${DEFAULT-VALUE}.")
    long warmupRecords;

    @Option(names = "--record-size", defaultValue = "1024", description = "Value bytes per record. Default: ${DEFAULT-VALUE}.")
    int recordSize;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions of the topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replicas of each partition of the topic. Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--acks", defaultValue = "1", description = "0, 1 or all. Default: ${DEFAULT-VALUE}.")
    String acks;

    @Option(names = "--idempotence", defaultValue = "false", arity = "1",
            description = "Idempotent producer (needs --acks=all). Default: ${DEFAULT-VALUE}.")
    boolean idempotence;

    @Option(names = "--compression", defaultValue = "none",
            description = "none, gzip, snappy, lz4 or zstd. Default: ${DEFAULT-VALUE}.")
    String compression;

    @Option(names = "--rate", defaultValue = "0",
            description = "Records per second to send at; 0 sends as fast as possible. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--timeout-seconds", defaultValue = "120",
            description = "The run fails after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--producer-config", split = ",",
            description = "Extra producer settings, key=value[,key=value...].")
    Map<String, String> producerConfig = Map.of();

    @Option(names = "--consumer-config", split = ",",
            description = "Extra consumer settings, key=value[,key=value...].")
    Map<String, String> consumerConfig = Map.of();

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1");
        }
        Workload workload = new Workload(records, warmupRecords, recordSize, partitions, acks, idempotence,
                compression, rate, timeoutSeconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String topic = "load-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (workload.warmupRecords() > 0) {
                runOn(admin, topic + "-warmup", workload.warmup(), deadline);
            }
            Report report = runOn(admin, topic, workload, deadline);
            report.print(workload);
            return report.produce().errors() == 0 ? 0 : 1;
        }
    }

    private Report runOn(Admin admin, String topic, Workload workload, long deadline)
            throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(topic, workload.partitions(), replicationFactor))).all().get();
        try {
            ConsumePhase consume = new ConsumePhase(bootstrapServers, consumerConfig);
            AtomicLong failedSends = new AtomicLong();
            LongSupplier stored = () -> workload.records() - failedSends.get();
            CompletableFuture<ConsumePhase.Result> tail = CompletableFuture.supplyAsync(
                    () -> consume.run(topic, workload.partitions(), stored, deadline));
            ProducePhase.Result produced = new ProducePhase(bootstrapServers, producerConfig)
                    .run(topic, workload, failedSends, deadline);
            ConsumePhase.Result tailed = tail.get();
            ConsumePhase.Result caughtUp = consume.run(topic, workload.partitions(), stored, deadline);
            return new Report(produced, tailed, caughtUp);
        } finally {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    /** What a run measured, printed for people and as one {@code RESULT} line for scripts. */
    record Report(ProducePhase.Result produce, ConsumePhase.Result tail, ConsumePhase.Result catchUp) {

        void print(Workload workload) {
            double produceSeconds = produce.elapsedNanos() / 1e9;
            double consumeSeconds = catchUp.elapsedNanos() / 1e9;
            double produceRps = produce.records() / produceSeconds;
            double produceMbps = produce.bytes() / produceSeconds / 1e6;
            double consumeRps = catchUp.records() / consumeSeconds;
            double consumeMbps = catchUp.bytes() / consumeSeconds / 1e6;
            LatencyHistogram latency = produce.latency();
            LatencyHistogram endToEnd = tail.endToEnd();
            System.out.printf(Locale.ROOT, "workload  %d records of %d B, %d partition(s), acks=%s, idempotence=%s, "
                            + "compression=%s, rate=%s%n", workload.records(), workload.recordSize(),
                    workload.partitions(), workload.acks(), workload.idempotence(), workload.compression(),
                    workload.rate() == 0 ? "unbounded" : workload.rate() + "/s");
            System.out.printf(Locale.ROOT, "produce   %,.0f records/s  %.1f MB/s  latency ms p50 %.2f  p99 %.2f  p99.9 %.2f%n",
                    produceRps, produceMbps, latency.percentileMillis(50), latency.percentileMillis(99),
                    latency.percentileMillis(99.9));
            System.out.printf(Locale.ROOT, "consume   %,.0f records/s  %.1f MB/s  (whole topic from the beginning)%n",
                    consumeRps, consumeMbps);
            System.out.printf(Locale.ROOT, "end2end   latency ms p50 %.2f  p99 %.2f  p99.9 %.2f  (tailing consumer)%n",
                    endToEnd.percentileMillis(50), endToEnd.percentileMillis(99), endToEnd.percentileMillis(99.9));
            System.out.printf(Locale.ROOT, "RESULT produce_rps=%.0f produce_mbps=%.2f produce_p50_ms=%.3f "
                            + "produce_p99_ms=%.3f produce_p999_ms=%.3f consume_rps=%.0f consume_mbps=%.2f "
                            + "e2e_p50_ms=%.3f e2e_p99_ms=%.3f e2e_p999_ms=%.3f errors=%d%n",
                    produceRps, produceMbps, latency.percentileMillis(50), latency.percentileMillis(99),
                    latency.percentileMillis(99.9), consumeRps, consumeMbps, endToEnd.percentileMillis(50),
                    endToEnd.percentileMillis(99), endToEnd.percentileMillis(99.9), produce.errors());
        }
    }
}
