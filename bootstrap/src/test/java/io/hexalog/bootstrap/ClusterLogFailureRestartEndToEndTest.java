package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster node whose shard log fails a write, as on a full disk, starts itself again in its process as a broker
 * process does, and follows the shard again: with the real Java client, the partition's in-sync replicas are whole
 * again, a majority that needs the node commits, and every acknowledged record is read back. The failure is made
 * by taking the group's log directory away while the node runs: Ratis then fails the log at the next segment it
 * closes, which it cannot rename.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterLogFailureRestartEndToEndTest {

    private static final String TOPIC = "log-failure";
    /** More than a Raft log segment (32 MiB, four of the largest entries) of 4 KB records: the logs close one. */
    private static final int RECORDS = 9_000;
    private static final String VALUE = "v".repeat(4000);
    /** Records that fill more of a shard log than Ratis first sets aside for a segment (1 MiB). */
    private static final int FIRST_RECORDS = 750;

    private RunningCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldStartANodeWhoseShardLogFailedAWriteAgainInItsProcessAndBringItBackInSync() throws Exception {
        // given three RocksDB nodes without a storage reserve, and a follower of a partition whose shard log directory
        // is taken away; the node is run as a broker process runs it, starting again by itself when it must, after
        // the directory is put back (the space an operator would free)
        cluster = RunningCluster.start(StorageKind.ROCKSDB, 3, RunningCluster.storageReserve(0));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        int follower = partitionLeader() % 3 + 1;
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        produce(0, FIRST_RECORDS, acknowledged);
        Path group = await().atMost(Duration.ofSeconds(30)).until(() -> largestGroupLog(follower),
                directory -> logBytes(directory) > 2L << 20);
        Path log = group.resolve("current");
        Path takenAway = group.resolve("current-taken-away");
        RestartingBroker restarting = cluster.restartingItself(follower, () -> putBack(takenAway, log));
        Files.move(log, takenAway);

        // when a segment's worth of records is produced to the partition
        produce(FIRST_RECORDS, RECORDS, acknowledged);

        // then the node started again by itself, took the shard's entries again, and is back in the in-sync replicas
        await().atMost(Duration.ofSeconds(90)).until(() -> restarting.restarts() == 1);
        assertThat(Files.exists(takenAway)).as("the log put back before the start").isFalse();
        produce(RECORDS, RECORDS + 100, acknowledged);
        await().atMost(Duration.ofSeconds(60)).until(() -> inSyncReplicas().size() == 3);

        // and its log takes the shard's entries again: with the third node stopped, a majority needs it
        int leader = partitionLeader();
        int third = IntStream.rangeClosed(1, 3).filter(node -> node != leader && node != follower).findFirst()
                .orElseThrow();
        cluster.stopNode(third);
        produce(RECORDS + 100, RECORDS + 200, acknowledged);
        assertThat(restarting.restarts()).as("restarts").isEqualTo(1);
        assertThat(acknowledged).hasSize(RECORDS + 200);
        Map<String, String> read = cluster.consumeAll(TOPIC, 1);
        assertThat(read).hasSize(acknowledged.size());
        acknowledged.forEach((offset, value) -> assertThat(read).containsEntry("0@" + offset, value));
    }

    /** Sends records {@code from} to {@code to} (excluded), idempotent and acks=all, keeping each offset. */
    private void produce(int from, int to, Map<Long, String> acknowledged) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of("delivery.timeout.ms", 60_000,
                "request.timeout.ms", 10_000, "linger.ms", 5))) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = from; i < to; i++) {
                String value = i + "-" + VALUE;
                values.add(value);
                sends.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, value)));
            }
            for (int i = 0; i < sends.size(); i++) {
                acknowledged.put(sends.get(i).get(60, TimeUnit.SECONDS).offset(), values.get(i));
            }
        }
    }

    /** The partition's leader, once one is known: a topic just created may have none yet. */
    private int partitionLeader() {
        return await().atMost(Duration.ofSeconds(30)).until(this::partition, info -> info.leader() != null)
                .leader().id();
    }

    private List<Integer> inSyncReplicas() throws Exception {
        return partition().isr().stream().map(Node::id).toList();
    }

    private TopicPartitionInfo partition() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC)
                    .partitions().get(0);
        }
    }

    /** The Raft group directory of the node whose log holds the most bytes: the shard the records went to. */
    private Path largestGroupLog(int nodeId) throws IOException {
        try (Stream<Path> groups = Files.list(cluster.dataDir(nodeId).resolve("raft"))) {
            return groups.max(Comparator.comparingLong(ClusterLogFailureRestartEndToEndTest::logBytes)).orElseThrow();
        }
    }

    private static long logBytes(Path group) {
        try (Stream<Path> files = Files.list(group.resolve("current"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("log_"))
                    .mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Puts a taken-away log back where it was, in place of whatever Ratis began there since. */
    private static void putBack(Path takenAway, Path log) {
        try {
            if (Files.exists(log)) {
                TemporaryDirectory.delete(log);
            }
            Files.move(takenAway, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
