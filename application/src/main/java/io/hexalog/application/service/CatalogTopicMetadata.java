package io.hexalog.application.service;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.group.consumer.TopicMetadata;
import io.hexalog.domain.group.consumer.TopicMetadataLookup;
import io.hexalog.domain.topic.TopicName;

import java.util.Collection;
import java.util.Optional;

/** The topics of the catalog as consumer groups see them: name, ID and partition count. */
final class CatalogTopicMetadata implements TopicMetadataLookup {

    private final TopicCatalog catalog;

    CatalogTopicMetadata(TopicCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<TopicMetadata> find(String name) {
        TopicName topicName;
        try {
            topicName = new TopicName(name);
        } catch (InvalidTopicException e) {
            return Optional.empty();
        }
        return catalog.find(topicName).map(topic -> new TopicMetadata(topic.id(), name, topic.partitionCount()));
    }

    @Override
    public Collection<TopicMetadata> all() {
        return catalog.list().stream().map(topic -> new TopicMetadata(topic.id(), topic.name().value(),
                topic.partitionCount())).toList();
    }

    @Override
    public long version() {
        return catalog.version();
    }
}
