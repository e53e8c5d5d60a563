package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * DeleteTopics: removes topics and their data. Versions before 6 name topics; version 6 names them by name
 * or by ID.
 */
final class DeleteTopicsHandler extends AbstractApiHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {

    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 6;

    private final DeleteTopicUseCase deleteTopic;
    private final Executor adminExecutor;

    DeleteTopicsHandler(DeleteTopicUseCase deleteTopic, Executor adminExecutor) {
        super(ApiKeys.DELETE_TOPICS, 1, 6);
        this.deleteTopic = deleteTopic;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        return CompletableFuture.supplyAsync(() -> delete(context.apiVersion(), request), adminExecutor);
    }

    private DeleteTopicsResponseData delete(short version, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        if (version < FIRST_VERSION_WITH_TOPIC_IDS) {
            request.topicNames().forEach(name -> response.responses().add(deleteByName(name)));
        } else {
            request.topics().forEach(topic -> response.responses().add(topic.name() != null
                    ? deleteByName(topic.name()) : deleteById(topic.topicId())));
        }
        return response;
    }

    private DeletableTopicResult deleteByName(String name) {
        DeletableTopicResult result = new DeletableTopicResult().setName(name);
        try {
            Topic deleted = deleteTopic.deleteTopic(TopicName.of(name));
            return result.setTopicId(TopicIds.toWire(deleted.id()));
        } catch (HexalogException e) {
            return result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage());
        }
    }

    private DeletableTopicResult deleteById(Uuid id) {
        DeletableTopicResult result = new DeletableTopicResult().setTopicId(id);
        try {
            Topic deleted = deleteTopic.deleteTopic(TopicIds.fromWire(id));
            return result.setName(deleted.name().value());
        } catch (HexalogException e) {
            return result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage());
        }
    }
}
