package io.hexalog.domain.group.consumer;

import java.util.Collection;
import java.util.Optional;

/** The topics that exist now, as a consumer group's heartbeat sees them; answers without blocking. */
public interface TopicMetadataLookup {

    /** The topic with this name, if it exists. */
    Optional<TopicMetadata> find(String topicName);

    /** Every topic, for subscriptions by regular expression. */
    Collection<TopicMetadata> all();

    /**
     * A number that moves on whenever a topic is created, deleted or changes: while it is the same, {@link #all}
     * lists the same topics, and what was worked out from them (the topics a regular expression matches) holds.
     */
    long version();
}
