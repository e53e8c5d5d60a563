package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteTxnMarkers, versions 1-2: in Kafka the coordinator sends it to partition leaders; here the coordinator writes
 * its markers through the replicated log, and the request comes from {@code Admin.abortTransaction} (behind
 * {@code kafka-transactions.sh abort}) to end a hanging transaction. Each partition answers on its own:
 * UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED.
 */
final class WriteTxnMarkersHandler extends AbstractApiHandler<WriteTxnMarkersRequestData, WriteTxnMarkersResponseData> {

    private final WriteTxnMarkersUseCase markers;
    private final TopicResolver topics;

    WriteTxnMarkersHandler(WriteTxnMarkersUseCase markers, TopicResolver topics) {
        super(ApiKeys.WRITE_TXN_MARKERS, 1, 2);
        this.markers = markers;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<WriteTxnMarkersResponseData> handle(RequestContext context,
                                                                 WriteTxnMarkersRequestData request) {
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (WritableTxnMarker marker : request.markers()) {
            WritableTxnMarkerResult markerResult = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            response.markers().add(markerResult);
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult topicResult = new WritableTxnMarkerTopicResult().setName(topic.name());
                markerResult.topics().add(topicResult);
                for (int index : topic.partitionIndexes()) {
                    WritableTxnMarkerPartitionResult result = new WritableTxnMarkerPartitionResult()
                            .setPartitionIndex(index);
                    topicResult.partitions().add(result);
                    writes.add(Futures.attempt(() -> markers.writeMarker(partition(topic.name(), index),
                                    marker.producerId(), marker.producerEpoch(), marker.coordinatorEpoch(),
                                    marker.transactionResult()))
                            .handle((offset, failure) -> {
                                result.setErrorCode(failure == null ? Errors.NONE.code()
                                        : ErrorMapping.toError(failure).code());
                                return null;
                            }));
                }
            }
        }
        return Futures.all(writes).thenApply(ignored -> response);
    }

    private TopicIdPartition partition(String topicName, int index) {
        Topic topic = topics.resolve(false, topicName, null);
        if (!topic.hasPartition(index)) {
            throw new UnknownTopicOrPartitionException("Topic '" + topicName + "' has no partition " + index);
        }
        return topic.partition(index);
    }
}
