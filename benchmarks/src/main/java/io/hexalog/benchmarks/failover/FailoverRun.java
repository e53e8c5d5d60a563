package io.hexalog.benchmarks.failover;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Measures a partition leader's failover as a client sees it. Produces at a steady rate with an idempotent acks=all
 * producer; after a while prints which broker leads partition 0 ({@code LEADER node=N partitions=0,3}) and waits
 * for the script that started the brokers to kill that one and say when ({@code KILLED epoch_ms=T} on standard
 * input). When the run is over it prints how long the killed broker's partitions went without acknowledgements
 * and reads the whole topic back to check that every acknowledged record is at its offset, exactly once.
 *
 * <p>The topic is left in place: the cluster it ran on has lost a broker and is meant to be thrown away.
 */
@Command(name = "hexalog-failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produces at a steady rate while a partition leader is killed; prints the unavailability and checks nothing acknowledged was lost.")
public final class FailoverRun implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRun.class);

    /** Answers the killed broker sent before it died may still reach the producer this long after the kill. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Option(names = "--bootstrap-servers", required = true, description = "The cluster's brokers, host:port,...")
    String bootstrapServers;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "3", description = "Replicas per partition. Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--record-size", defaultValue = "1024", description = "Value bytes per record. Default: ${DEFAULT-VALUE}.")
    int recordSize;

    @Option(names = "--rate", defaultValue = "2000", description = "Records per second. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "How long to produce. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--kill-after-seconds", defaultValue = "8",
            description = "When to name the leader to kill, from the first record. Default: ${DEFAULT-VALUE}.")
    int killAfterSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "180", description = "The run fails after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--producer-config", split = ",", description = "Extra producer settings, key=value[,key=value...].")
    Map<String, String> producerConfig = Map.of();

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new CommandLine(new FailoverRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (recordSize < SteadyProducer.HEADER_BYTES || rate < 1 || seconds < 1 || killAfterSeconds >= seconds) {
            throw new IllegalArgumentException("need --record-size >= " + SteadyProducer.HEADER_BYTES
                    + ", a positive --rate and --seconds, and --kill-after-seconds < --seconds");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String topic = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        int records = Math.multiplyExact(rate, seconds);
        AcknowledgementLog log = new AcknowledgementLog(records);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get();
            awaitLeaders(admin, topic, deadline);
            SteadyProducer producer = new SteadyProducer(bootstrapServers, producerConfig);
            long start = System.nanoTime();
            CompletableFuture<Boolean> produced = CompletableFuture.supplyAsync(
                    () -> producer.run(topic, partitions, records, recordSize, rate, log, deadline));
            TimeUnit.NANOSECONDS.sleep(start + TimeUnit.SECONDS.toNanos(killAfterSeconds) - System.nanoTime());
            int leader = leaderOf(admin, topic, 0);
            List<Integer> killedPartitions = partitionsLedBy(admin, topic, leader);
            System.out.println("LEADER node=" + leader + " partitions="
                    + killedPartitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
            System.out.flush();
            Long killNanos = awaitKill();
            if (!produced.get()) {
                System.err.println("not every record was acknowledged or failed within the time limit");
            }
            ReadBackCheck.Verdict verdict = new TopicReadBack(bootstrapServers).read(topic, partitions, deadline)
                    .against(log);
            long resumedAfter = killNanos == null ? -1 : resumedAfter(log, killedPartitions, killNanos);
            print(leader, killedPartitions, resumedAfter, log, verdict);
            return verdict.nothingLostOrDuplicated() && log.failed() == 0 && resumedAfter >= 0 ? 0 : 1;
        }
    }

    /** The longest of the killed broker's partitions' unavailabilities, or -1 if one never resumed. */
    private static long resumedAfter(AcknowledgementLog log, List<Integer> partitions, long killNanos) {
        long longest = 0;
        for (int partition : partitions) {
            long resumed = log.resumedAfterNanos(partition, killNanos, GRACE_NANOS);
            if (resumed < 0) {
                return -1;
            }
            longest = Math.max(longest, resumed);
        }
        return longest;
    }

    private void print(int leader, List<Integer> killedPartitions, long resumedAfterNanos, AcknowledgementLog log,
                       ReadBackCheck.Verdict verdict) {
        double resumedMs = resumedAfterNanos < 0 ? -1 : resumedAfterNanos / 1e6;
        double pauseMs = log.longestPauseNanos() / 1e6;
        System.out.printf(Locale.ROOT, "workload  %d records of %d B at %d/s on %d partition(s), replication factor %d, "
                + "acks=all, idempotent%n", log.sent(), recordSize, rate, partitions, replicationFactor);
        System.out.printf(Locale.ROOT, "failover  node %d killed (leader of partitions %s): acknowledgements resumed "
                + "%.0f ms after the kill; longest pause between acknowledgements on one partition %.0f ms%n",
                leader, killedPartitions, resumedMs, pauseMs);
        System.out.printf(Locale.ROOT, "read-back %d records read, %d acknowledged, %d lost, %d duplicated, "
                + "%d sends failed%n", verdict.read(), verdict.acknowledged(), verdict.lost(), verdict.duplicated(),
                log.failed());
        System.out.printf(Locale.ROOT, "RESULT failover_ms=%.0f longest_pause_ms=%.0f acknowledged=%d lost=%d "
                + "duplicated=%d errors=%d%n", resumedMs, pauseMs, verdict.acknowledged(), verdict.lost(),
                verdict.duplicated(), log.failed());
    }

    /** Reads {@code KILLED epoch_ms=T} from standard input; null (no kill) at the end of input. */
    private static Long awaitKill() throws Exception {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        if (line == null || !line.startsWith("KILLED epoch_ms=")) {
            LOG.warn("No kill was reported on standard input ({}): nothing to measure", line);
            return null;
        }
        long killedAtMillis = Long.parseLong(line.substring("KILLED epoch_ms=".length()).trim());
        return System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - killedAtMillis);
    }

    private static void awaitLeaders(Admin admin, String topic, long deadline) throws Exception {
        while (!allHaveLeaders(admin, topic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The partitions of " + topic + " got no leaders in time");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static boolean allHaveLeaders(Admin admin, String topic) throws InterruptedException {
        try {
            return describe(admin, topic).partitions().stream().allMatch(FailoverRun::hasLeader);
        } catch (ExecutionException e) {
            return false; // a topic just created may not be known to every broker yet
        }
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        Node leader = partition.leader();
        return leader != null && !leader.isEmpty() && leader.id() >= 0;
    }

    private static int leaderOf(Admin admin, String topic, int partition) throws Exception {
        TopicPartitionInfo info = describe(admin, topic).partitions().stream()
                .filter(candidate -> candidate.partition() == partition)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(topic + " has no partition " + partition));
        if (!hasLeader(info)) {
            throw new IllegalStateException("Partition " + partition + " of " + topic + " has no leader");
        }
        return info.leader().id();
    }

    private static List<Integer> partitionsLedBy(Admin admin, String topic, int node) throws Exception {
        return describe(admin, topic).partitions().stream()
                .filter(partition -> hasLeader(partition) && partition.leader().id() == node)
                .map(TopicPartitionInfo::partition)
                .toList();
    }

    private static TopicDescription describe(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }
}
