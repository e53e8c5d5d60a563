package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.application.port.in.InitTransactionalProducerUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveTransaction;
import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.TransactionalIdNotFoundException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.EndTxnResult;
import io.hexalog.domain.transaction.InitProducerIdResult;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionTimeoutPolicy;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transaction coordinator (KIP-98): hands each request to its transactional ID's {@link TransactionMetadata},
 * replicates what it decided ({@link PutTransaction}) before answering, and once a transaction's outcome is
 * decided has its markers written ({@link TransactionMarkers}) and then completes it. The requests of one
 * transactional ID run one at a time, in order, on the executor for blocking work; those of different IDs in
 * parallel. Only the broker that coordinates groups serves; the others answer NOT_COORDINATOR.
 *
 * <p>When it becomes coordinator (a restart, or the coordinator moved), it loads the stored transactions and
 * writes the markers of those that were decided but not completed, as Kafka does.
 */
final class TransactionCoordinator implements InitTransactionalProducerUseCase, TransactionUseCase,
        DescribeTransactionsQuery {

    private static final System.Logger LOG = System.getLogger(TransactionCoordinator.class.getName());
    /** How long a failed attempt to write a transaction's markers waits before the next. */
    static final Duration MARKER_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Failed attempts logged at WARNING: the first, then one in this many (a minute of retries). */
    private static final int WARN_EVERY_ATTEMPTS = 60;

    private final TransactionTable table;
    private final ReplicatedLog log;
    private final ProducerIdService producerIds;
    private final TransactionMarkers markers;
    private final TopicCatalog topics;
    private final TransactionTimeoutPolicy timeoutPolicy;
    private final TransactionVersion transactionVersion;
    private final Clock clock;
    private final Scheduler scheduler;
    private final KeyedSerialExecutor<TransactionalId> lines;
    private final Executor blocking;

    TransactionCoordinator(TransactionTable table, ReplicatedLog log, ProducerIdService producerIds,
                           TopicCatalog topics, TransactionCoordinatorConfig settings, Clock clock,
                           Scheduler scheduler, Executor blocking) {
        this.table = table;
        this.log = log;
        this.producerIds = producerIds;
        this.markers = new TransactionMarkers(log, topics);
        this.topics = topics;
        this.timeoutPolicy = settings.timeoutPolicy();
        this.transactionVersion = settings.transactionVersion();
        this.clock = clock;
        this.scheduler = scheduler;
        this.lines = new KeyedSerialExecutor<>(blocking);
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(TransactionalId transactionalId, int timeoutMs,
                                                                Optional<ProducerIdAndEpoch> current) {
        return inLine(transactionalId, () -> {
            timeoutPolicy.check(timeoutMs);
            long now = clock.millis();
            TransactionMetadata metadata = table.find(transactionalId).orElseGet(() ->
                    TransactionMetadata.create(transactionalId, producerIds.nextProducerId(), timeoutMs, now));
            InitProducerIdResult result = metadata.initProducerId(current.map(TransactionCoordinator::identity),
                    timeoutMs, now, producerIds::nextProducerId, transactionVersion);
            store(result.next());
            if (result.abortsOngoingTransaction()) {
                writeMarkers(result.next());
                throw new ConcurrentTransactionsException("The ongoing transaction of transactional ID "
                        + transactionalId + " is being aborted for a new instance of its producer; ask again");
            }
            return answer(result.granted().orElseThrow());
        });
    }

    @Override
    public TransactionVersion transactionVersion() {
        return transactionVersion;
    }

    @Override
    public CompletableFuture<Void> addPartitions(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                                 Set<TopicPartition> partitions, TransactionVersion clientVersion) {
        return inLine(transactionalId, () -> {
            TransactionMetadata metadata = known(transactionalId);
            for (TopicPartition partition : partitions) {
                boolean exists = topics.find(partition.topic())
                        .filter(topic -> topic.hasPartition(partition.partition())).isPresent();
                if (!exists) {
                    throw new UnknownTopicOrPartitionException("Partition " + partition + " does not exist");
                }
            }
            storeIfChanged(metadata, metadata.addPartitions(identity(producer), partitions, clock.millis(),
                    clientVersion));
            return null;
        });
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(TransactionalId transactionalId,
                                                                             ProducerIdAndEpoch producer,
                                                                             Set<TopicPartition> partitions) {
        return inLine(transactionalId, () -> known(transactionalId)
                .partitionsNotInTransaction(identity(producer), partitions));
    }

    @Override
    public CompletableFuture<Void> addOffsets(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                              GroupId group) {
        return addOffsets(transactionalId, producer, group, TransactionVersion.TV_0);
    }

    /**
     * Adds the group to the producer's transaction, recording the client's transaction version: with
     * {@link TransactionVersion#TV_2}, TxnOffsetCommit v5 adds it, the producer sending no AddOffsetsToTxn.
     */
    CompletableFuture<Void> addOffsets(TransactionalId transactionalId, ProducerIdAndEpoch producer, GroupId group,
                                       TransactionVersion clientVersion) {
        return inLine(transactionalId, () -> {
            TransactionMetadata metadata = known(transactionalId);
            storeIfChanged(metadata, metadata.addGroup(identity(producer), group, clock.millis(), clientVersion));
            return null;
        });
    }

    @Override
    public CompletableFuture<ProducerIdAndEpoch> endTransaction(TransactionalId transactionalId,
                                                                ProducerIdAndEpoch producer, boolean commit,
                                                                TransactionVersion clientVersion) {
        return inLine(transactionalId, () -> {
            TransactionMetadata metadata = known(transactionalId);
            EndTxnResult result = metadata.endTransaction(identity(producer), commit, clientVersion,
                    clock.millis(), producerIds::nextProducerId);
            if (result.decided()) {
                store(result.next());
                writeMarkers(result.next());
            }
            return answer(result.producer());
        });
    }

    @Override
    public CompletableFuture<TransactionMetadata> describe(TransactionalId transactionalId) {
        return inLine(transactionalId, () -> table.find(transactionalId).orElseThrow(() ->
                new TransactionalIdNotFoundException("No transaction is known under transactional ID " + transactionalId)));
    }

    @Override
    public CompletableFuture<List<TransactionMetadata>> list(Set<TransactionState> states, Set<Long> producerIds,
                                                             long minDurationMs) {
        if (!table.coordinates()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return CompletableFuture.supplyAsync(() -> {
            table.checkCoordinating(this::writeMarkers);
            long now = clock.millis();
            return table.snapshot().stream()
                    .filter(metadata -> states.isEmpty() || states.contains(metadata.state()))
                    .filter(metadata -> producerIds.isEmpty() || producerIds.contains(metadata.producerId()))
                    .filter(metadata -> minDurationMs < 0 || (metadata.state() == TransactionState.ONGOING
                            && now - metadata.startTimestamp() >= minDurationMs))
                    .toList();
        }, blocking);
    }

    /**
     * Runs {@code task} in the transactional ID's line, with its current metadata, so that nothing else changes the
     * transaction meanwhile (TxnOffsetCommit).
     */
    <T> CompletableFuture<T> whileInTransaction(TransactionalId transactionalId, Function<TransactionMetadata, T> task) {
        return inLine(transactionalId, () -> task.apply(known(transactionalId)));
    }

    /**
     * Aborts the transaction if it is still open past its timeout, fencing its producer.
     */
    CompletableFuture<Void> abortIfTimedOut(TransactionalId transactionalId) {
        return inLine(transactionalId, () -> {
            Optional<TransactionMetadata> metadata = table.find(transactionalId);
            long now = clock.millis();
            if (metadata.isPresent() && metadata.get().hasTimedOut(now)) {
                TransactionMetadata aborting = metadata.get().abortTimedOut(now, transactionVersion);
                store(aborting);
                writeMarkers(aborting);
            }
            return null;
        });
    }

    /** Forgets the transactional ID if it is still unused after {@code expiration}. */
    CompletableFuture<Void> removeIfExpired(TransactionalId transactionalId, Duration expiration) {
        return inLine(transactionalId, () -> {
            Optional<TransactionMetadata> metadata = table.find(transactionalId);
            if (metadata.isPresent() && metadata.get().hasExpired(clock.millis(), expiration.toMillis())) {
                FutureFailures.await(log.submit(new RemoveTransaction(transactionalId, table.epoch())));
                table.remove(transactionalId);
            }
            return null;
        });
    }

    /**
     * The transactions this broker coordinates now, loaded (and the markers of decided ones written) if it has
     * just become their coordinator; none on a broker that does not coordinate, which forgets what it held.
     * Blocks: call off the event loops.
     */
    List<TransactionMetadata> coordinated() {
        if (!table.coordinates()) {
            table.forget();
            return List.of();
        }
        table.checkCoordinating(this::writeMarkers);
        return table.snapshot();
    }

    /**
     * Writes the markers of a decided transaction, in the coordinator epoch the table was loaded in, then
     * completes it; tries again after a pause while a marker fails, for as long as this broker coordinates in that
     * epoch and the transaction is still the one decided. A coordinator that lost its epoch stops: its successor
     * loaded the transaction and writes the markers itself.
     */
    private void writeMarkers(TransactionMetadata decided) {
        writeMarkers(decided, table.epoch(), 0);
    }

    private void writeMarkers(TransactionMetadata decided, int epoch, int attempt) {
        markers.write(decided, clock.millis(), epoch).whenComplete((ignored, failure) -> {
            if (failure == null) {
                lines.submit(decided.transactionalId(), () -> complete(decided, epoch));
            } else {
                System.Logger.Level level = attempt % WARN_EVERY_ATTEMPTS == 0
                        ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
                LOG.log(level, "Writing the markers of transactional ID " + decided.transactionalId() + " failed ("
                        + (attempt + 1) + " attempts), trying again in " + MARKER_RETRY_BACKOFF.toMillis() + " ms: "
                        + FutureFailures.cause(failure).getMessage());
                scheduler.schedule(MARKER_RETRY_BACKOFF, () -> lines.submit(decided.transactionalId(), () -> {
                    if (stillDecided(decided, epoch)) {
                        writeMarkers(decided, epoch, attempt + 1);
                    }
                    return null;
                }));
            }
        });
    }

    private Void complete(TransactionMetadata decided, int epoch) {
        if (stillDecided(decided, epoch)) {
            store(decided.complete(clock.millis()));
        }
        return null;
    }

    private boolean stillDecided(TransactionMetadata decided, int epoch) {
        return table.coordinatesIn(epoch) && table.find(decided.transactionalId()).filter(decided::equals).isPresent();
    }

    private TransactionMetadata known(TransactionalId transactionalId) {
        return table.find(transactionalId).orElseThrow(() -> new InvalidProducerIdMappingException(
                "Transactional ID " + transactionalId + " has no producer: call InitProducerId first"));
    }

    private void storeIfChanged(TransactionMetadata before, TransactionMetadata after) {
        if (after != before) {
            store(after);
        }
    }

    /** Replicates the metadata to every broker's store, then holds it as the coordinator's. */
    private void store(TransactionMetadata metadata) {
        FutureFailures.await(log.submit(new PutTransaction(metadata, table.epoch())));
        table.put(metadata);
    }

    private <T> CompletableFuture<T> inLine(TransactionalId transactionalId, Supplier<T> task) {
        return lines.submit(transactionalId, () -> {
            table.checkCoordinating(this::writeMarkers);
            return task.get();
        });
    }

    private static ProducerIdentity identity(ProducerIdAndEpoch producer) {
        return new ProducerIdentity(producer.producerId(), producer.epoch());
    }

    private static ProducerIdAndEpoch answer(ProducerIdentity producer) {
        return new ProducerIdAndEpoch(producer.producerId(), producer.epoch());
    }
}
