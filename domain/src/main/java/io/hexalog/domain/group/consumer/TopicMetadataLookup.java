package io.hexalog.domain.group.consumer;

import java.util.Optional;

/** The topics that exist now, as a consumer group's heartbeat sees them; answers without blocking. */
@FunctionalInterface
public interface TopicMetadataLookup {

    /** The topic with this name, if it exists. */
    Optional<TopicMetadata> find(String topicName);
}
