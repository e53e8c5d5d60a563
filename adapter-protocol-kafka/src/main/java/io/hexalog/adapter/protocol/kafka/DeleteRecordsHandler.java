package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords: moves each partition's log start offset to the given offset (-1: the high watermark) and
 * answers the new low watermark. An offset beyond the high watermark gets OFFSET_OUT_OF_RANGE.
 */
final class DeleteRecordsHandler extends AbstractApiHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> {

    private static final long NO_LOW_WATERMARK = -1L;

    private final DeleteRecordsUseCase deleteRecords;
    private final TopicResolver topics;

    DeleteRecordsHandler(DeleteRecordsUseCase deleteRecords, TopicResolver topics) {
        super(ApiKeys.DELETE_RECORDS, 0, 2);
        this.deleteRecords = deleteRecords;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (DeleteRecordsTopic requestedTopic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(requestedTopic.name());
            response.topics().add(topicResult);
            for (DeleteRecordsPartition requested : requestedTopic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(requested.partitionIndex());
                topicResult.partitions().add(result);
                deletions.add(delete(requestedTopic.name(), requested).handle((lowWatermark, failure) -> {
                    if (failure != null) {
                        result.setErrorCode(ErrorMapping.toError(failure).code()).setLowWatermark(NO_LOW_WATERMARK);
                    } else {
                        result.setErrorCode(Errors.NONE.code()).setLowWatermark(lowWatermark);
                    }
                    return null;
                }));
            }
        }
        return Futures.all(deletions).thenApply(ignored -> response);
    }

    private CompletableFuture<Long> delete(String topicName, DeleteRecordsPartition requested) {
        try {
            Topic topic = topics.resolve(false, topicName, null);
            if (!topic.hasPartition(requested.partitionIndex())) {
                throw new UnknownTopicOrPartitionException(
                        "Topic '" + topicName + "' has no partition " + requested.partitionIndex());
            }
            return deleteRecords.deleteRecordsBefore(topic.partition(requested.partitionIndex()), requested.offset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
