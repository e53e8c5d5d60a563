package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.ElectLeadersCommand;
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.ElectionType;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.ElectionNotNeededException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Elects partition leaders on demand (ElectLeaders). Whether each election is needed and possible is decided
 * here, by the {@link LeaderElectionPolicy}, from who leads the partition as this broker sees it; moving the
 * leadership is left to the {@link LeaderElections} port. Partitions are elected in parallel.
 */
public final class LeaderElectionService implements ElectLeadersUseCase {

    private final DescribeTopicsQuery topics;
    private final DescribeClusterQuery cluster;
    private final LeaderElections elections;

    /** @param cluster who leads each partition, offline replicas included, and which brokers are listed */
    public LeaderElectionService(DescribeTopicsQuery topics, DescribeClusterQuery cluster, LeaderElections elections) {
        this.topics = topics;
        this.cluster = cluster;
        this.elections = elections;
    }

    @Override
    public CompletableFuture<List<TopicResult>> electLeaders(ElectLeadersCommand command) {
        Set<Integer> listed = cluster.brokers().stream().map(BrokerNode::nodeId).collect(Collectors.toSet());
        List<CompletableFuture<TopicResult>> results = new ArrayList<>();
        if (command.partitions().isEmpty()) {
            for (Topic topic : topics.listTopics()) {
                results.add(electEveryPartition(topic, command, listed));
            }
        } else {
            for (ElectLeadersCommand.TopicPartitions asked : command.partitions().get()) {
                results.add(elect(asked, command, listed));
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    /** Every partition of the topic; those led as asked already are left out of the answer, as in Kafka. */
    private CompletableFuture<TopicResult> electEveryPartition(Topic topic, ElectLeadersCommand command,
                                                               Set<Integer> listed) {
        List<CompletableFuture<PartitionResult>> partitions = new ArrayList<>();
        for (TopicIdPartition partition : topic.partitions()) {
            partitions.add(elect(partition, command.type(), command.timeout(), listed));
        }
        return collect(topic.name().value(), partitions).thenApply(result -> new TopicResult(result.topic(),
                result.partitions().stream().filter(partition -> !notNeeded(partition)).toList()));
    }

    private CompletableFuture<TopicResult> elect(ElectLeadersCommand.TopicPartitions asked,
                                                 ElectLeadersCommand command, Set<Integer> listed) {
        Optional<Topic> topic = find(asked.topic());
        List<CompletableFuture<PartitionResult>> partitions = new ArrayList<>();
        for (int index : asked.partitions()) {
            if (topic.isPresent() && topic.get().hasPartition(index)) {
                partitions.add(elect(topic.get().partition(index), command.type(), command.timeout(), listed));
            } else {
                partitions.add(CompletableFuture.completedFuture(PartitionResult.failed(index,
                        new UnknownTopicOrPartitionException("No partition " + index + " of topic '" + asked.topic()
                                + "' exists"))));
            }
        }
        return collect(asked.topic(), partitions);
    }

    private CompletableFuture<PartitionResult> elect(TopicIdPartition partition, ElectionType type, Duration timeout,
                                                     Set<Integer> listed) {
        Optional<HexalogException> refusal = LeaderElectionPolicy.refusal(type, partition,
                cluster.leadership(partition), listed);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(PartitionResult.failed(partition.partition(), refusal.get()));
        }
        CompletableFuture<Void> moved;
        try {
            moved = elections.electPreferredLeader(partition, timeout);
        } catch (RuntimeException e) {
            moved = CompletableFuture.failedFuture(e);
        }
        return moved.handle((done, failure) -> failure == null
                ? PartitionResult.elected(partition.partition())
                : PartitionResult.failed(partition.partition(), FutureFailures.cause(failure)));
    }

    private static CompletableFuture<TopicResult> collect(String topic,
                                                          List<CompletableFuture<PartitionResult>> partitions) {
        return CompletableFuture.allOf(partitions.toArray(CompletableFuture[]::new))
                .thenApply(done -> new TopicResult(topic, partitions.stream().map(CompletableFuture::join).toList()));
    }

    private Optional<Topic> find(String name) {
        try {
            return topics.findTopic(TopicName.of(name));
        } catch (InvalidTopicException e) {
            return Optional.empty(); // no topic can have that name, so none has it
        }
    }

    private static boolean notNeeded(PartitionResult partition) {
        return partition.failure().filter(ElectionNotNeededException.class::isInstance).isPresent();
    }
}
