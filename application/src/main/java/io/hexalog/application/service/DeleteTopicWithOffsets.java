package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Deletes a topic and then every group's committed offsets in it, so that a topic re-created under the
 * same name starts without offsets from its predecessor. The offsets are deleted on the executor for
 * blocking work.
 */
public final class DeleteTopicWithOffsets implements DeleteTopicUseCase {

    private final DeleteTopicUseCase topics;
    private final GroupOffsets offsets;
    private final Executor blocking;

    /** @param blocking where the offsets are deleted */
    DeleteTopicWithOffsets(DeleteTopicUseCase topics, GroupOffsets offsets, Executor blocking) {
        this.topics = topics;
        this.offsets = offsets;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Topic> deleteTopic(TopicName name) {
        return withOffsets(topics.deleteTopic(name));
    }

    @Override
    public CompletableFuture<Topic> deleteTopic(TopicId id) {
        return withOffsets(topics.deleteTopic(id));
    }

    private CompletableFuture<Topic> withOffsets(CompletableFuture<Topic> deletion) {
        return deletion.thenApplyAsync(deleted -> {
            offsets.deleteTopic(deleted.name());
            return deleted;
        }, blocking);
    }
}
