package io.hexalog.benchmarks.jmh;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.group.consumer.TopicMetadata;
import io.hexalog.domain.group.consumer.TopicMetadataLookup;
import io.hexalog.domain.group.consumer.TopicPattern;
import io.hexalog.domain.topic.TopicId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What a consumer group (KIP-848) costs its coordinator per ConsumerGroupHeartbeat: ten members subscribed by the
 * regular expression {@code orders-.*} to half of {@code topics} topics of three partitions each.
 * {@link #rebalance} joins the ten and heartbeats until the group is stable, each member reporting what it owns as
 * the Java client does; {@link #steadyHeartbeat} is one heartbeat of a stable group, and
 * {@link #steadyHeartbeatImageChecked} the same with the coordinator's check whether to write the group's image.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsumerGroupHeartbeatBenchmark {

    private static final int MEMBERS = 10;

    @Param({"2000"})
    public int topics;

    /** Whether the topics' version moves on at every heartbeat, as if a topic changed each time: the cost of listing them. */
    @Param({"false", "true"})
    public boolean topicsChangeEveryHeartbeat;

    private TopicMetadataLookup lookup;
    private TopicPattern pattern;
    private ConsumerGroup stable;
    private final int[] stableEpochs = new int[MEMBERS];
    private long heartbeats;
    private ConsumerGroupImage storedImage;
    private long storedAtChanges;

    @Setup
    public void setUp() {
        List<TopicMetadata> all = new ArrayList<>();
        Map<String, TopicMetadata> byName = new HashMap<>();
        for (int i = 0; i < topics; i++) {
            TopicMetadata topic = new TopicMetadata(TopicId.random(), (i % 2 == 0 ? "orders-" : "logs-") + i, 3);
            all.add(topic);
            byName.put(topic.name(), topic);
        }
        lookup = new TopicMetadataLookup() {
            @Override
            public Optional<TopicMetadata> find(String topicName) {
                return Optional.ofNullable(byName.get(topicName));
            }

            @Override
            public Collection<TopicMetadata> all() {
                // as the broker's lookup does: a fresh view of every topic of its catalog
                return all.stream().map(topic -> new TopicMetadata(topic.id(), topic.name(), topic.partitionCount()))
                        .toList();
            }

            @Override
            public long version() {
                return topicsChangeEveryHeartbeat ? heartbeats : 0;
            }
        };
        Pattern compiled = Pattern.compile("orders-.*");
        pattern = new TopicPattern("orders-.*", name -> compiled.matcher(name).matches());
        stable = stableGroup(stableEpochs);
        storedImage = stable.image();
        storedAtChanges = stable.changes();
    }

    @Benchmark
    public ConsumerGroup rebalance() {
        return stableGroup(new int[MEMBERS]);
    }

    @Benchmark
    public HeartbeatResult steadyHeartbeat() {
        int member = (int) (heartbeats++ % MEMBERS);
        return stable.heartbeat(new ConsumerGroupHeartbeat("member-" + member, stableEpochs[member], Optional.empty(),
                Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "bench",
                "/127.0.0.1"), lookup, 0, new UUID(2, heartbeats)).result().orElseThrow();
    }

    /**
     * What the coordinator does at each heartbeat on top of the group's own work, to write only a heartbeat that
     * changed the group's image: when the group counted a change since the image was last stored, it builds the
     * image and compares it with the stored one. None is counted for a steady member's heartbeat.
     */
    @Benchmark
    public boolean steadyHeartbeatImageChecked() {
        steadyHeartbeat();
        if (stable.changes() == storedAtChanges) {
            return false;
        }
        ConsumerGroupImage image = stable.image();
        boolean changed = !image.equals(storedImage);
        storedImage = image;
        storedAtChanges = stable.changes();
        return changed;
    }

    private ConsumerGroup stableGroup(int[] epochs) {
        ConsumerGroup group = new ConsumerGroup(GroupId.of("bench"), ConsumerGroupConfig.kafkaDefaults());
        PartitionAssignment[] owned = new PartitionAssignment[MEMBERS];
        for (int member = 0; member < MEMBERS; member++) {
            HeartbeatResult joined = group.heartbeat(new ConsumerGroupHeartbeat("member-" + member, 0, Optional.empty(),
                    Optional.empty(), 30_000, Optional.of(List.of()), Optional.of(pattern), Optional.empty(),
                    Optional.of(PartitionAssignment.EMPTY), "bench", "/127.0.0.1"), lookup, 0, new UUID(0, member))
                    .result().orElseThrow();
            epochs[member] = joined.memberEpoch();
            owned[member] = joined.assignment().orElse(PartitionAssignment.EMPTY);
        }
        for (int round = 0; group.state() != ConsumerGroupState.STABLE; round++) {
            if (round > 1_000) {
                throw new IllegalStateException("The group did not become stable: " + group);
            }
            for (int member = 0; member < MEMBERS; member++) {
                HeartbeatResult answer = group.heartbeat(new ConsumerGroupHeartbeat("member-" + member, epochs[member],
                        Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(owned[member]), "bench", "/127.0.0.1"), lookup, 0, new UUID(1, round * MEMBERS + member))
                        .result().orElseThrow();
                epochs[member] = answer.memberEpoch();
                owned[member] = answer.assignment().orElse(owned[member]);
            }
        }
        return group;
    }
}
