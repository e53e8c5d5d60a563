package io.hexalog.benchmarks.probe;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Asks for a topic with an absurd number of partitions and reports what the broker did with it. */
@Command(name = "huge-create", mixinStandardHelpOptions = true,
        description = "Creates a topic with very many partitions and reports the answer and the broker's state.")
final class HugeCreateScenario implements Callable<Integer> {

    @Mixin
    BrokerTarget broker;

    @Option(names = "--partitions", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--topic", defaultValue = "probe-huge-create", description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Override
    public Integer call() throws Exception {
        System.out.println("before: " + broker.describeHealth());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 300_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 300_000))) {
            long start = System.nanoTime();
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(5, TimeUnit.MINUTES);
                System.out.printf("created %s with %d partitions in %d ms%n", topic, partitions, millisSince(start));
                System.out.println("after create: " + broker.describeHealth());
                start = System.nanoTime();
                admin.deleteTopics(List.of(topic)).all().get(5, TimeUnit.MINUTES);
                System.out.printf("deleted it in %d ms%n", millisSince(start));
            } catch (ExecutionException e) {
                System.out.printf("refused in %d ms: %s%n", millisSince(start), e.getCause());
            }
            start = System.nanoTime();
            int topics = admin.listTopics().names().get(1, TimeUnit.MINUTES).size();
            System.out.printf("then listed %d topics in %d ms%n", topics, millisSince(start));
        }
        System.out.println("after: " + broker.describeHealth());
        return broker.answers() ? 0 : 1;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
