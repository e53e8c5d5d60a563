package io.hexalog.application.service;

import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the markers operators ask for through the same {@link WriteTxnMarker} command the coordinator submits, so a
 * partition applies them under the same rules; only the partition's leader takes the request, as in Kafka.
 */
final class WriteTxnMarkersService implements WriteTxnMarkersUseCase {

    private final PartitionRegistry partitions;
    private final ReplicatedLog log;
    private final Clock clock;

    WriteTxnMarkersService(PartitionRegistry partitions, ReplicatedLog log, Clock clock) {
        this.partitions = partitions;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Long> writeMarker(TopicIdPartition partition, long producerId, short producerEpoch,
                                               int coordinatorEpoch, boolean commit) {
        try {
            partitions.led(partition);
            return log.submit(new WriteTxnMarker(partition, producerId, producerEpoch, coordinatorEpoch, commit,
                    clock.millis()));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
