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
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.config.TopicConfig;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.PartitionCountPolicy;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Creates, grows, reconfigures, deletes and finds topics. Changes are checked here and then submitted to the
 * replicated log, which applies them to the catalog and the partitions of every broker. They block, so they
 * run on the executor for blocking work, never on the caller's thread. They are serialised: they are rare,
 * and it keeps "check the name, then create" free of races with auto-creation and "read the topic, then write
 * it back changed" free of lost updates. Lookups read the catalog's memory and answer at once. Under the same
 * lock, every creation, auto-creation and growth checks that the broker stays within its partition limit.
 */
public final class TopicService implements CreateTopicUseCase, DeleteTopicUseCase, DescribeTopicsQuery,
        AutoCreateTopicUseCase, CreatePartitionsUseCase, AlterConfigsUseCase {

    private static final System.Logger LOG = System.getLogger(TopicService.class.getName());
    /**
     * How long a produce waits for a topic this broker has not applied yet: a topic created through another node
     * comes a round trip of the metadata log later, a few milliseconds, more on a busy machine.
     */
    static final Duration TOPIC_ARRIVAL_WAIT = Duration.ofSeconds(1);

    private final TopicCatalog catalog;
    private final PartitionRegistry partitions;
    private final ReplicatedLog log;
    private final ClusterView cluster;
    private final BrokerConfig settings;
    private final PartitionCountPolicy limits;
    private final Executor blocking;

    /** @param blocking where catalog writes run */
    public TopicService(TopicCatalog catalog, PartitionRegistry partitions, ReplicatedLog log,
                        ClusterView cluster, BrokerConfig settings, Executor blocking) {
        this.catalog = catalog;
        this.partitions = partitions;
        this.log = log;
        this.cluster = cluster;
        this.settings = settings;
        this.limits = settings.partitionCountPolicy();
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Topic> createTopic(CreateTopicCommand command) {
        return change(() -> create(command));
    }

    private synchronized Topic create(CreateTopicCommand command) {
        if (command.name().isInternal()) {
            throw new InvalidRequestException("Creation of internal topic " + command.name() + " is prohibited.");
        }
        checkNameIsFree(command.name());
        int replicationFactor = command.replicationFactor().orElse(settings.defaultReplicationFactor());
        checkReplicationFactor(replicationFactor);
        Map<String, String> configs = TopicConfig.validate(command.configs());
        checkServable(partitions.logDefaults().withOverrides(configs), replicationFactor);
        int partitionCount = command.partitions().orElse(settings.defaultPartitions());
        checkBrokerRoom(partitionCount);
        Topic topic = Topic.create(command.name(), partitionCount, replicationFactor).withConfigs(configs);
        if (!command.validateOnly()) {
            FutureFailures.await(log.submit(new ReplicatedCommand.CreateTopic(topic)));
            LOG.log(System.Logger.Level.INFO, "Topic {0} created with {1} partitions, ID {2}{3}", topic.name().value(),
                    String.valueOf(topic.partitionCount()), topic.id(), configs.isEmpty() ? "" : ", configs " + configs);
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

    /** Kafka's controller check: no more replicas than brokers alive now. */
    private void checkReplicationFactor(int replicationFactor) {
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0, or -1 to use the "
                    + "default value.");
        }
        int brokers = cluster.brokers().size();
        if (replicationFactor > brokers) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers);
        }
    }

    /**
     * Refuses configs that ask more of the topic's replicas than the replicated log gives: a
     * {@code min.insync.replicas} above a majority. {@link LogConfig#withOverrides}, which made {@code config}, has
     * checked each value and that they hold together.
     */
    private static void checkServable(LogConfig config, int replicationFactor) {
        if (config.minInSyncReplicasPolicy().checkServable(replicationFactor) instanceof Decision.Rejected rejected) {
            LOG.log(System.Logger.Level.INFO, "Refused topic configs: " + rejected.error().getMessage());
            throw rejected.error();
        }
    }

    /** Refuses partitions beyond what the broker may host, counting every topic it has, however created. */
    private void checkBrokerRoom(int added) {
        long hosted = catalog.list().stream().mapToLong(Topic::partitionCount).sum();
        if (limits.checkBroker(hosted, added) instanceof Decision.Rejected rejected) {
            LOG.log(System.Logger.Level.INFO, "Refused new partitions: " + rejected.error().getMessage());
            throw rejected.error();
        }
    }

    @Override
    public Decision checkCreateTopicsRequest(List<OptionalInt> partitionCounts) {
        long requested = partitionCounts.stream()
                .mapToLong(count -> Math.max(0, count.orElse(settings.defaultPartitions())))
                .sum();
        return limits.checkRequest(requested);
    }

    @Override
    public CompletableFuture<Topic> createPartitions(CreatePartitionsCommand command) {
        return change(() -> grow(command));
    }

    @Override
    public Decision checkCreatePartitionsRequest(List<CreatePartitionsCommand> commands) {
        long added = 0;
        for (CreatePartitionsCommand command : commands) {
            Optional<Topic> topic = catalog.find(command.topic());
            if (topic.isPresent()) {
                added += Math.max(0, command.totalCount() - topic.get().partitionCount());
            }
        }
        return limits.checkRequest(added);
    }

    private synchronized Topic grow(CreatePartitionsCommand command) {
        Topic existing = existing(command.topic());
        Topic grown = existing.withPartitionCount(command.totalCount());
        checkBrokerRoom(grown.partitionCount() - existing.partitionCount());
        if (!command.validateOnly() && FutureFailures.await(log.submit(new ReplicatedCommand.UpdateTopic(grown)))) {
            LOG.log(System.Logger.Level.INFO, "Topic {0} grew from {1} to {2} partitions", grown.name().value(),
                    String.valueOf(existing.partitionCount()), String.valueOf(grown.partitionCount()));
        }
        return grown;
    }

    @Override
    public CompletableFuture<Topic> alterTopicConfigs(AlterTopicConfigsCommand command) {
        return change(() -> alter(command));
    }

    private synchronized Topic alter(AlterTopicConfigsCommand command) {
        Topic topic = existing(command.topic());
        Topic altered = topic.withConfigs(command.change().applyTo(topic.configs(), partitions.logDefaults()));
        checkServable(partitions.logDefaults().withOverrides(altered.configs()), topic.replicationFactor());
        if (!command.validateOnly()) {
            FutureFailures.await(log.submit(new ReplicatedCommand.UpdateTopic(altered)));
        }
        return altered;
    }

    private Topic existing(TopicName name) {
        return catalog.find(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"));
    }

    @Override
    public CompletableFuture<Topic> deleteTopic(TopicName name) {
        return change(() -> delete(catalog.find(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"))));
    }

    @Override
    public CompletableFuture<Topic> deleteTopic(TopicId id) {
        return change(() -> delete(catalog.find(id)
                .orElseThrow(() -> new UnknownTopicIdException("No topic has ID " + id))));
    }

    private synchronized Topic delete(Topic topic) {
        if (FutureFailures.await(log.submit(new ReplicatedCommand.DeleteTopic(topic.id())))) {
            LOG.log(System.Logger.Level.INFO, "Topic {0} deleted (ID {1})", topic.name().value(), topic.id());
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

    /** A broker alone has every topic it will ever have applied; one of several waits a moment. */
    @Override
    public CompletableFuture<Optional<Topic>> awaitTopic(TopicId id) {
        return partitions.whenOpened(id, topicArrivalWait());
    }

    @Override
    public CompletableFuture<Optional<Topic>> awaitTopic(TopicName name) {
        return partitions.whenOpened(name, topicArrivalWait());
    }

    private Duration topicArrivalWait() {
        return cluster.brokers().size() > 1 ? TOPIC_ARRIVAL_WAIT : Duration.ZERO;
    }

    @Override
    public CompletableFuture<Optional<Topic>> findOrAutoCreate(TopicName name) {
        Optional<Topic> existing = catalog.find(name);
        if (existing.isPresent() || !mayAutoCreate(name)) {
            return CompletableFuture.completedFuture(existing);
        }
        return change(() -> autoCreate(name));
    }

    private boolean mayAutoCreate(TopicName name) {
        return settings.autoCreateTopics() && !name.isInternal();
    }

    /**
     * Checks again under the lock: another request may have created the topic meanwhile. In a cluster another
     * broker may also create it after that check and before this creation's turn in the log: the creation is
     * then refused, and the topic the client asked for is the one that broker created, which the log applied
     * here before it refused this one. Should this broker not have it yet, the client is told to ask again.
     */
    private synchronized Optional<Topic> autoCreate(TopicName name) {
        Optional<Topic> existing = catalog.find(name);
        if (existing.isPresent()) {
            return existing;
        }
        try {
            return Optional.of(create(CreateTopicCommand.withDefaults(name)));
        } catch (TopicAlreadyExistsException createdElsewhere) {
            return Optional.of(catalog.find(name).orElseThrow(() -> new UnknownTopicOrPartitionException(
                    "Topic '" + name + "' was just created by another broker and is not known here yet")));
        }
    }

    private <T> CompletableFuture<T> change(Supplier<T> change) {
        return CompletableFuture.supplyAsync(change, blocking);
    }
}
