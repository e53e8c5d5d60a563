package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics: removes topics and their data, one after the other in request order. Versions before 6 name
 * topics; version 6 names them by name or by ID.
 */
final class DeleteTopicsHandler extends AbstractApiHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {

    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 6;

    private final DeleteTopicUseCase deleteTopic;

    DeleteTopicsHandler(DeleteTopicUseCase deleteTopic) {
        super(ApiKeys.DELETE_TOPICS, 1, 6);
        this.deleteTopic = deleteTopic;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        List<DeleteTopicState> topics = context.apiVersion() < FIRST_VERSION_WITH_TOPIC_IDS
                ? request.topicNames().stream().map(name -> new DeleteTopicState().setName(name)).toList()
                : request.topics();
        return Futures.inOrder(topics, topic -> delete(topic).thenAccept(response.responses()::add))
                .thenApply(done -> response);
    }

    private CompletableFuture<DeletableTopicResult> delete(DeleteTopicState topic) {
        return topic.name() != null ? deleteByName(topic.name()) : deleteById(topic.topicId());
    }

    private CompletableFuture<DeletableTopicResult> deleteByName(String name) {
        DeletableTopicResult result = new DeletableTopicResult().setName(name);
        return Futures.attempt(() -> deleteTopic.deleteTopic(TopicName.of(name)))
                .handle((deleted, failure) -> failure != null ? failed(result, failure)
                        : result.setTopicId(TopicIds.toWire(deleted.id())));
    }

    private CompletableFuture<DeletableTopicResult> deleteById(Uuid id) {
        DeletableTopicResult result = new DeletableTopicResult().setTopicId(id);
        return Futures.attempt(() -> deleteTopic.deleteTopic(TopicIds.fromWire(id)))
                .handle((deleted, failure) -> failure != null ? failed(result, failure)
                        : result.setName(deleted.name().value()));
    }

    private static DeletableTopicResult failed(DeletableTopicResult result, Throwable failure) {
        return result.setErrorCode(ErrorMapping.toError(failure).code()).setErrorMessage(ErrorMapping.message(failure));
    }
}
