package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

/**
 * Deletes a topic and then every group's committed offsets in it, so that a topic re-created under the
 * same name starts without offsets from its predecessor.
 */
public final class DeleteTopicWithOffsets implements DeleteTopicUseCase {

    private final DeleteTopicUseCase topics;
    private final CommittedOffsetStore offsets;

    public DeleteTopicWithOffsets(DeleteTopicUseCase topics, CommittedOffsetStore offsets) {
        this.topics = topics;
        this.offsets = offsets;
    }

    @Override
    public Topic deleteTopic(TopicName name) {
        Topic deleted = topics.deleteTopic(name);
        offsets.deleteTopic(deleted.name());
        return deleted;
    }

    @Override
    public Topic deleteTopic(TopicId id) {
        Topic deleted = topics.deleteTopic(id);
        offsets.deleteTopic(deleted.name());
        return deleted;
    }
}
