package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/**
 * Writes a transaction marker a client asks for (WriteTxnMarkers): what {@code Admin.abortTransaction} and
 * {@code kafka-transactions.sh abort} send to end a hanging transaction, one that began on a partition and that no
 * coordinator will end (KIP-664). The broker's own coordinator writes its markers without this request.
 */
public interface WriteTxnMarkersUseCase {

    /**
     * Writes a commit or abort marker for the producer to the partition, as its coordinator would, under the
     * partition's rules for markers. May be called from an event loop.
     *
     * @param coordinatorEpoch the coordinator epoch the marker carries; a partition refuses one older than the last
     *                         marker written for the producer
     * @return completes with the marker's offset once it is stored; fails with
     *         {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for a partition this broker does
     *         not host, {@link io.hexalog.domain.error.NotLeaderOrFollowerException} for one another broker leads,
     *         {@link io.hexalog.domain.error.InvalidProducerEpochException} for an epoch older than the producer's
     *         and {@link io.hexalog.domain.error.TransactionCoordinatorFencedException} for an older coordinator
     */
    CompletableFuture<Long> writeMarker(TopicIdPartition partition, long producerId, short producerEpoch,
                                        int coordinatorEpoch, boolean commit);
}
