package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** Describes the log directory of this broker and the partition logs in it (DescribeLogDirs, kafka-log-dirs). */
public interface DescribeLogDirsQuery {

    /**
     * The broker's one log directory, with the size of each of {@code partitions}' logs in it. A partition the
     * broker does not host is left out, as Kafka leaves out replicas a directory does not hold.
     *
     * @return never completes exceptionally for an unknown partition; fails with
     *         {@link io.hexalog.domain.error.KafkaStorageException} if the store cannot tell a size
     */
    CompletableFuture<LogDirDescription> describeLogDir(Collection<TopicIdPartition> partitions);
}
