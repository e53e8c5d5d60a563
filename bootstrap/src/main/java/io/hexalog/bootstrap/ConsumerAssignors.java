package io.hexalog.bootstrap;

import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.PartitionAssignor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code group.consumer.assignors}: a comma-separated list of the broker's server-side assignors, by name
 * ({@code uniform}, {@code range}) or by the class names Kafka's own configs use for them.
 */
final class ConsumerAssignors {

    private static final Map<String, String> KAFKA_CLASS_NAMES = Map.of(
            "org.apache.kafka.coordinator.group.assignor.UniformAssignor", "uniform",
            "org.apache.kafka.coordinator.group.assignor.RangeAssignor", "range");

    private ConsumerAssignors() {
    }

    /** @throws IllegalArgumentException naming the flag, for an unknown, repeated or missing assignor */
    static List<PartitionAssignor> parse(String value) {
        Map<String, PartitionAssignor> known = ConsumerGroupConfig.knownAssignors();
        List<PartitionAssignor> assignors = new ArrayList<>();
        for (String entry : value.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            PartitionAssignor assignor = known.get(KAFKA_CLASS_NAMES.getOrDefault(name, name.toLowerCase(Locale.ROOT)));
            if (assignor == null) {
                throw new IllegalArgumentException("--group-consumer-assignors names " + name
                        + ", which this broker does not have; it has " + String.join(", ", known.keySet()));
            }
            if (assignors.stream().anyMatch(other -> other.name().equals(assignor.name()))) {
                throw new IllegalArgumentException("--group-consumer-assignors names " + name + " twice");
            }
            assignors.add(assignor);
        }
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("--group-consumer-assignors must name at least one assignor, was " + value);
        }
        return assignors;
    }

    static String format(ConsumerGroupConfig config) {
        return config.assignors().stream().map(PartitionAssignor::name).collect(Collectors.joining(","));
    }
}
