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

import java.nio.file.Path;
import java.util.Comparator;
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
import java.util.stream.Collectors;

/**
 * A bounded end-to-end load run against any Kafka-compatible broker: creates a topic, produces a fixed
 * number of records while a consumer tails them, then reads the whole topic again from the beginning
 * ({@code --consume-passes} times, reporting the median pass), deletes the topic and prints what it measured. It stops by itself: after the last record, or at the
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

    @Option(names = "--consume-passes", defaultValue = "3",
            description = "Times the whole topic is read again from the beginning once produced; the median pass is "
                    + "reported. Default: ${DEFAULT-VALUE}.")
    int consumePasses;

    @Option(names = "--timeout-seconds", defaultValue = "120",
            description = "The run fails after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--producer-config", split = ",",
            description = "Extra producer settings, key=value[,key=value...].")
    Map<String, String> producerConfig = Map.of();

    @Option(names = "--consumer-config", split = ",",
            description = "Extra consumer settings, key=value[,key=value...].")
    Map<String, String> consumerConfig = Map.of();

    @Option(names = "--broker-pid", split = ",",
            description = "Process ID(s) of the broker(s), on this machine: also report their CPU seconds per GB "
                    + "produced and per GB consumed, read from /proc/<pid>/stat around each measured phase.")
    List<Long> brokerPids = List.of();

    @Option(names = "--clock-ticks", defaultValue = "100",
            description = "The kernel's clock ticks per second (getconf CLK_TCK), for --broker-pid. Default: ${DEFAULT-VALUE}.")
    long clockTicks;

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1");
        }
        if (consumePasses < 1) {
            throw new IllegalArgumentException("--consume-passes must be at least 1");
        }
        Workload workload = new Workload(records, warmupRecords, recordSize, partitions, acks, idempotence,
                compression, rate, timeoutSeconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String topic = "load-" + UUID.randomUUID().toString().substring(0, 8);
        BrokerCpu cpu = brokerPids.isEmpty() ? null : new BrokerCpu(Path.of("/proc"), brokerPids, clockTicks);
        if (cpu != null) {
            cpu.ticks(); // fails now, not after the run, if a process cannot be read
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (workload.warmupRecords() > 0) {
                runOn(admin, topic + "-warmup", workload.warmup(), deadline, null);
            }
            Report report = runOn(admin, topic, workload, deadline, cpu);
            report.print(workload);
            return report.produce().errors() == 0 ? 0 : 1;
        }
    }

    /** @param cpu the brokers' CPU to read around the produce and the consume phase, or null not to */
    private Report runOn(Admin admin, String topic, Workload workload, long deadline, BrokerCpu cpu)
            throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(topic, workload.partitions(), replicationFactor))).all().get();
        try {
            ConsumePhase consume = new ConsumePhase(bootstrapServers, consumerConfig);
            AtomicLong failedSends = new AtomicLong();
            LongSupplier stored = () -> workload.records() - failedSends.get();
            long ticksBeforeProduce = cpu == null ? 0 : cpu.ticks();
            CompletableFuture<ConsumePhase.Result> tail = CompletableFuture.supplyAsync(
                    () -> consume.run(topic, workload.partitions(), stored, deadline));
            ProducePhase.Result produced = new ProducePhase(bootstrapServers, producerConfig)
                    .run(topic, workload, failedSends, deadline);
            ConsumePhase.Result tailed = tail.get();
            long ticksAfterProduce = cpu == null ? 0 : cpu.ticks();
            List<ConsumePhase.Result> passes = consume.readAgain(topic, workload.partitions(), stored.getAsLong(),
                    consumePasses, deadline);
            if (cpu == null) {
                return new Report(produced, tailed, passes, null, null);
            }
            long ticksAfterConsume = cpu.ticks();
            long bytesRead = passes.stream().mapToLong(ConsumePhase.Result::bytes).sum();
            return new Report(produced, tailed, passes,
                    BrokerCpuCost.between(ticksBeforeProduce, ticksAfterProduce, cpu.ticksPerSecond(), produced.bytes()),
                    BrokerCpuCost.between(ticksAfterProduce, ticksAfterConsume, cpu.ticksPerSecond(), bytesRead));
        } finally {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    /**
     * What a run measured, printed for people and as one {@code RESULT} line for scripts.
     *
     * @param produceCpu what the brokers spent while the records were produced (and tailed), or null if not measured
     * @param consumeCpu what the brokers spent while the whole topic was read again, or null if not measured
     */
    record Report(ProducePhase.Result produce, ConsumePhase.Result tail, List<ConsumePhase.Result> passes,
                  BrokerCpuCost produceCpu, BrokerCpuCost consumeCpu) {

        /**
         * The pass of median duration, from its first record to its last: the one whose rate is the median. A
         * pass is timed from its first record, not from the seek: a consumer at the end of the log has a fetch
         * waiting there (up to {@code fetch.max.wait.ms}) that must come back before it reads from the beginning.
         */
        ConsumePhase.Result catchUp() {
            List<ConsumePhase.Result> byDuration = passes.stream()
                    .sorted(Comparator.comparingLong(ConsumePhase.Result::firstToLastNanos)).toList();
            return byDuration.get(byDuration.size() / 2);
        }

        void print(Workload workload) {
            ConsumePhase.Result catchUp = catchUp();
            double produceSeconds = produce.elapsedNanos() / 1e9;
            double consumeSeconds = catchUp.firstToLastNanos() / 1e9;
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
            System.out.printf(Locale.ROOT, "produce   %,.0f records/s  %.1f MB/s  latency ms p50 %.2f  p99 %.2f  p99.9 %.2f"
                            + "  batches of %,.0f B on average%n", produceRps, produceMbps, latency.percentileMillis(50),
                    latency.percentileMillis(99), latency.percentileMillis(99.9), produce.batchBytesAvg());
            System.out.printf(Locale.ROOT, "consume   %,.0f records/s  %.1f MB/s  (whole topic from the beginning, "
                    + "median of %d passes: %s records/s)%n", consumeRps, consumeMbps, passes.size(),
                    passes.stream().map(pass -> String.format(Locale.ROOT, "%,.0f", pass.records() / (pass.firstToLastNanos() / 1e9)))
                            .collect(Collectors.joining(", ")));
            System.out.printf(Locale.ROOT, "end2end   latency ms p50 %.2f  p99 %.2f  p99.9 %.2f  (tailing consumer)%n",
                    endToEnd.percentileMillis(50), endToEnd.percentileMillis(99), endToEnd.percentileMillis(99.9));
            if (produceCpu != null) {
                System.out.printf(Locale.ROOT, "broker    CPU %.2f s/GB produced (%.2f s)  %.2f s/GB consumed (%.2f s)"
                                + "  (user + system, /proc/<pid>/stat)%n", produceCpu.secondsPerGigabyte(),
                        produceCpu.seconds(), consumeCpu.secondsPerGigabyte(), consumeCpu.seconds());
            }
            String brokerCpu = produceCpu == null ? "" : String.format(Locale.ROOT,
                    " broker_cpu_s_per_gb_produced=%.3f broker_cpu_s_per_gb_consumed=%.3f",
                    produceCpu.secondsPerGigabyte(), consumeCpu.secondsPerGigabyte());
            System.out.printf(Locale.ROOT, "RESULT produce_rps=%.0f produce_mbps=%.2f produce_p50_ms=%.3f "
                            + "produce_p99_ms=%.3f produce_p999_ms=%.3f consume_rps=%.0f consume_mbps=%.2f "
                            + "e2e_p50_ms=%.3f e2e_p99_ms=%.3f e2e_p999_ms=%.3f%s produce_batch_bytes_avg=%.0f errors=%d%n",
                    produceRps, produceMbps, latency.percentileMillis(50), latency.percentileMillis(99),
                    latency.percentileMillis(99.9), consumeRps, consumeMbps, endToEnd.percentileMillis(50),
                    endToEnd.percentileMillis(99), endToEnd.percentileMillis(99.9), brokerCpu, produce.batchBytesAvg(),
                    produce.errors());
        }
    }
}
