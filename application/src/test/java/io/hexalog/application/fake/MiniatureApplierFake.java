package io.hexalog.application.fake;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Applies commands as the application does, in miniature, for tests of a {@link
 * io.hexalog.application.port.out.ReplicatedLog} adapter: it hands out producer ID blocks in turn, refuses a
 * topic name already taken by another topic, gives each partition's appends and transaction markers consecutive
 * offsets, and answers every other command with nothing; it tells where each partition's log ends. It remembers each command it applied, with its leader
 * epoch and log index, in order.
 */
public final class MiniatureApplierFake implements ApplyCommandUseCase {

    private final int blockSize;
    private final List<ReplicatedCommand<?>> applied = new ArrayList<>();
    private final List<Integer> epochs = new ArrayList<>();
    private final List<Long> logIndexes = new ArrayList<>();
    private final Map<TopicName, Topic> topics = new HashMap<>();
    private final Map<TopicIdPartition, Long> nextOffsets = new HashMap<>();
    private final Map<TopicIdPartition, Long> lastLogIndexes = new HashMap<>();
    private long nextBlock;

    /** @param blockSize how many producer IDs each claim takes, whatever size the command asks */
    public MiniatureApplierFake(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Holds everything in memory: nothing to force. */
    @Override
    public CompletableFuture<Void> makeAppliedDurable() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex) {
        applied.add(command);
        logIndexes.add(logIndex);
        epochs.add(leaderEpoch);
        if (command instanceof ClaimProducerIds) {
            long block = nextBlock;
            nextBlock += blockSize;
            return CompletableFuture.completedFuture((R) Long.valueOf(block));
        }
        if (command instanceof CreateTopic create) {
            Topic existing = topics.putIfAbsent(create.topic().name(), create.topic());
            if (existing != null && !existing.id().equals(create.topic().id())) {
                return CompletableFuture.failedFuture(new TopicAlreadyExistsException(
                        "Topic '" + create.topic().name() + "' already exists"));
            }
            return CompletableFuture.completedFuture((R) create.topic());
        }
        if (command instanceof AppendBatches append) {
            lastLogIndexes.put(append.partition(), logIndex);
            long first = nextOffsets.getOrDefault(append.partition(), 0L);
            long records = append.batches().stream().mapToLong(batch -> batch.lastOffsetDelta() + 1).sum();
            nextOffsets.put(append.partition(), first + records);
            return CompletableFuture.completedFuture((R) new Appended(first, 0));
        }
        if (command instanceof WriteTxnMarker marker) {
            lastLogIndexes.put(marker.partition(), logIndex);
            long offset = nextOffsets.getOrDefault(marker.partition(), 0L);
            nextOffsets.put(marker.partition(), offset + 1);
            return CompletableFuture.completedFuture((R) Long.valueOf(offset));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Every partition is hosted here and takes appends; its end is where its last append or marker left it. */
    @Override
    public synchronized Optional<AppliedLogEnd> appliedLogEnd(TopicIdPartition partition) {
        return Optional.of(new AppliedLogEnd(lastLogIndexes.getOrDefault(partition, NO_LOG_INDEX),
                nextOffsets.getOrDefault(partition, 0L), 0, true));
    }

    /** The commands applied so far, in the order they were applied. */
    public synchronized List<ReplicatedCommand<?>> applied() {
        return List.copyOf(applied);
    }

    /** The log index each of {@link #applied()} was applied with. */
    public synchronized List<Long> logIndexes() {
        return List.copyOf(logIndexes);
    }

    /** The leader epoch each of {@link #applied()} was applied in. */
    public synchronized List<Integer> epochs() {
        return List.copyOf(epochs);
    }
}
