package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeLogDirsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.LogDirDescription;
import io.hexalog.application.port.in.ReplicaInfo;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs (kafka-log-dirs): the broker's one log directory, with the size of each partition's log in
 * it. No topics (null) asks for every partition; a partition the broker does not have is left out, as Kafka
 * leaves out replicas a directory does not hold. A directory whose sizes cannot be read is answered with its
 * error, as Kafka answers an offline directory with KAFKA_STORAGE_ERROR.
 */
final class DescribeLogDirsHandler extends AbstractApiHandler<DescribeLogDirsRequestData, DescribeLogDirsResponseData> {

    private final DescribeLogDirsQuery logDirs;
    private final DescribeTopicsQuery topics;

    DescribeLogDirsHandler(DescribeLogDirsQuery logDirs, DescribeTopicsQuery topics) {
        super(ApiKeys.DESCRIBE_LOG_DIRS, 1, 5);
        this.logDirs = logDirs;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponseData> handle(RequestContext context,
                                                                 DescribeLogDirsRequestData request) {
        return Futures.attempt(() -> logDirs.describeLogDir(requested(request)))
                .handle((description, failure) -> new DescribeLogDirsResponseData()
                        .setErrorCode(Errors.NONE.code())
                        .setResults(new ArrayList<>(List.of(failure == null ? result(description) : failed(failure)))));
    }

    private List<TopicIdPartition> requested(DescribeLogDirsRequestData request) {
        List<TopicIdPartition> partitions = new ArrayList<>();
        if (request.topics() == null) {
            topics.listTopics().forEach(topic -> partitions.addAll(topic.partitions()));
            return partitions;
        }
        for (DescribableLogDirTopic requested : request.topics()) {
            findTopic(requested.topic()).ifPresent(found -> requested.partitions().stream()
                    .filter(found::hasPartition).map(found::partition).forEach(partitions::add));
        }
        return partitions;
    }

    /** The topic of this name; none for a name no topic can have, as for one no topic has. */
    private Optional<Topic> findTopic(String name) {
        try {
            return topics.findTopic(TopicName.of(name));
        } catch (InvalidTopicException e) {
            return Optional.empty();
        }
    }

    private static DescribeLogDirsResult result(LogDirDescription description) {
        Map<String, DescribeLogDirsTopic> byTopic = new LinkedHashMap<>();
        for (ReplicaInfo replica : description.replicas()) {
            String name = replica.partition().topic().value();
            byTopic.computeIfAbsent(name, ignored -> new DescribeLogDirsTopic().setName(name))
                    .partitions().add(new DescribeLogDirsPartition()
                            .setPartitionIndex(replica.partition().partition())
                            .setPartitionSize(replica.sizeInBytes())
                            .setOffsetLag(replica.offsetLag())
                            .setIsFutureKey(false));
        }
        return new DescribeLogDirsResult()
                .setErrorCode(Errors.NONE.code())
                .setLogDir(description.path())
                .setTotalBytes(description.totalBytes())
                .setUsableBytes(description.usableBytes())
                .setTopics(new ArrayList<>(byTopic.values()));
    }

    private static DescribeLogDirsResult failed(Throwable failure) {
        return new DescribeLogDirsResult().setErrorCode(ErrorMapping.toError(failure).code()).setLogDir("");
    }
}
