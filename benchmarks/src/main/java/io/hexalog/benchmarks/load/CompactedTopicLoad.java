package io.hexalog.benchmarks.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces keyed updates to a compacted topic and reports the produce throughput: run against a broker whose log
 * cleaner is on, then against one where it is off ({@code --log-cleaner-enable=false}), to see what cleaning costs
 * the producers. The broker's log says what each cleaning read, kept and took.
 */
@Command(name = "hexalog-compacted-load", mixinStandardHelpOptions = true,
        description = "Keyed updates to a compacted topic: produce throughput while the log cleaner runs.")
public final class CompactedTopicLoad implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Broker to load, host:port.")
    String bootstrapServers;

    @Option(names = "--records", defaultValue = "2000000", description = "Updates to produce. Default: ${DEFAULT-VALUE}.")
    long records;

    @Option(names = "--keys", defaultValue = "10000", description = "Distinct keys updated in turn. Default: ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--record-size", defaultValue = "100", description = "Value bytes per record. Default: ${DEFAULT-VALUE}.")
    int recordSize;

    @Option(names = "--topic", defaultValue = "compacted-load", description = "Topic to create. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--segment-ms", defaultValue = "1000",
            description = "segment.ms of the topic: how soon updates become cleanable. Default: ${DEFAULT-VALUE}.")
    long segmentMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompactedTopicLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact",
                    "segment.ms", Long.toString(segmentMs), "min.cleanable.dirty.ratio", "0.5")))).all().get();
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "key-" + (i % keys), new byte[recordSize]),
                        (metadata, failure) -> {
                            if (failure != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("produced %,d updates of %,d keys (%d-byte values) in %.2f s: %,.0f records/s, %.1f MB/s; "
                        + "%d failed%n", records, keys, recordSize, seconds, records / seconds,
                records * (recordSize + 10) / seconds / 1e6, failed.get());
        return failed.get() == 0 ? 0 : 1;
    }
}
