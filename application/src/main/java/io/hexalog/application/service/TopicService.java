package io.hexalog.application.service;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.application.port.in.AutoCreateTopicUseCase;
import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.config.TopicConfig;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, grows, reconfigures, deletes and finds topics. Changes are serialised: they are rare, and it
 * keeps "check the name, then create" free of races with auto-creation and "read the topic, then write it
 * back changed" free of lost updates.
 */
public final class TopicService implements CreateTopicUseCase, DeleteTopicUseCase, DescribeTopicsQuery,
        AutoCreateTopicUseCase, CreatePartitionsUseCase, AlterConfigsUseCase {

    private final TopicCatalog catalog;
    private final PartitionRegistry partitions;
    private final PartitionLogStore store;
    private final ClusterView cluster;
    private final BrokerConfig settings;

    public TopicService(TopicCatalog catalog, PartitionRegistry partitions, PartitionLogStore store,
                        ClusterView cluster, BrokerConfig settings) {
        this.catalog = catalog;
        this.partitions = partitions;
        this.store = store;
        this.cluster = cluster;
        this.settings = settings;
    }

    @Override
    public synchronized Topic createTopic(CreateTopicCommand command) {
        if (command.name().isInternal()) {
            throw new InvalidRequestException("Creation of internal topic " + command.name() + " is prohibited.");
        }
        checkNameIsFree(command.name());
        checkReplicationFactor(command.replicationFactor().orElse(1));
        Map<String, String> configs = TopicConfig.validate(command.configs());
        Topic topic = Topic.create(command.name(), command.partitions().orElse(settings.defaultPartitions()))
                .withConfigs(configs);
        if (!command.validateOnly()) {
            catalog.create(topic);
            partitions.open(topic);
        }
        return topic;
    }

    private void checkNameIsFree(TopicName name) {
        if (catalog.find(name).isPresent()) {
            throw new TopicAlreadyExistsException("Topic '" + name + "' already exists");
        }
        for (Topic existing : catalog.list()) {
            if (existing.name().collidesWith(name)) {
                throw new InvalidTopicException("Topic '" + name + "' collides with existing topic '"
                        + existing.name() + "': '.' and '_' are the same in metric names");
            }
        }
    }

    private void checkReplicationFactor(int replicationFactor) {
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0, was "
                    + replicationFactor);
        }
        int brokers = cluster.brokers().size();
        if (replicationFactor > brokers) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers);
        }
    }

    @Override
    public synchronized Topic createPartitions(CreatePartitionsCommand command) {
        Topic grown = existing(command.topic()).withPartitionCount(command.totalCount());
        if (!command.validateOnly() && catalog.update(grown)) {
            partitions.open(grown);
        }
        return grown;
    }

    @Override
    public synchronized Topic alterTopicConfigs(AlterTopicConfigsCommand command) {
        Topic topic = existing(command.topic());
        Topic altered = topic.withConfigs(command.change().applyTo(topic.configs(), partitions.logDefaults()));
        if (!command.validateOnly() && catalog.update(altered)) {
            partitions.reconfigure(altered);
        }
        return altered;
    }

    private Topic existing(TopicName name) {
        return catalog.find(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"));
    }

    @Override
    public Topic deleteTopic(TopicName name) {
        Topic topic = catalog.find(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"));
        return delete(topic);
    }

    @Override
    public Topic deleteTopic(TopicId id) {
        Topic topic = catalog.find(id)
                .orElseThrow(() -> new UnknownTopicIdException("No topic has ID " + id));
        return delete(topic);
    }

    private synchronized Topic delete(Topic topic) {
        if (catalog.delete(topic.id())) {
            partitions.close(topic.id());
            store.deleteTopic(topic.id()).join();
        }
        return topic;
    }

    @Override
    public List<Topic> listTopics() {
        return catalog.list().stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    @Override
    public Optional<Topic> findTopic(TopicName name) {
        return catalog.find(name);
    }

    @Override
    public Optional<Topic> findTopic(TopicId id) {
        return catalog.find(id);
    }

    @Override
    public synchronized Optional<Topic> findOrAutoCreate(TopicName name) {
        Optional<Topic> existing = catalog.find(name);
        if (existing.isPresent() || !settings.autoCreateTopics() || name.isInternal()) {
            return existing;
        }
        return Optional.of(createTopic(CreateTopicCommand.withDefaults(name)));
    }
}
