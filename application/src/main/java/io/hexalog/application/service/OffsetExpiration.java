package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.OffsetRetentionPolicy;
import io.hexalog.domain.topic.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Expires committed offsets past {@code offsets.retention.minutes} every
 * {@code offsets.retention.check.interval.ms}, and removes empty groups left with no offset. The offset store
 * blocks, so a pass runs on the executor for blocking work rather than on the timer, and each group's expiry
 * runs in the group's line, in order with its offset commits: a commit is never deleted as expired. Only the
 * broker coordinating groups expires offsets: it alone knows which groups have members, and its deletions reach
 * every broker through the replicated log. Classic groups and consumer groups (KIP-848) expire by their own
 * rules ({@link OffsetRetentionPolicy}).
 */
final class OffsetExpiration {

    private static final System.Logger LOG = System.getLogger(OffsetExpiration.class.getName());

    private final GroupTable groups;
    private final ConsumerGroupTable consumerGroups;
    private final GroupOffsets store;
    private final OffsetRetentionPolicy policy;
    private final Duration interval;
    private final Clock clock;
    private final Scheduler scheduler;
    private final KeyedSerialExecutor<GroupId> groupLines;
    private final Executor blocking;

    /**
     * @param groupLines where the changes to a group's offsets run, one at a time per group
     * @param blocking   where a pass starts
     */
    OffsetExpiration(GroupTable groups, ConsumerGroupTable consumerGroups, GroupOffsets store,
                     GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler,
                     KeyedSerialExecutor<GroupId> groupLines, Executor blocking) {
        this.groups = groups;
        this.consumerGroups = consumerGroups;
        this.store = store;
        this.policy = settings.retentionPolicy();
        this.interval = settings.retentionCheckInterval();
        this.clock = clock;
        this.scheduler = scheduler;
        this.groupLines = groupLines;
        this.blocking = blocking;
    }

    /**
     * Runs a pass every interval from now on, each one interval after the one before has ended, until the
     * scheduler or the executor stops.
     */
    void start() {
        scheduler.schedule(interval, () -> blocking.execute(this::passThenStartAgain));
    }

    private void passThenStartAgain() {
        CompletableFuture<Void> pass;
        try {
            pass = expireNow();
        } catch (RuntimeException e) {
            pass = CompletableFuture.failedFuture(e);
        }
        pass.whenComplete((ignored, failure) -> start());
    }

    /** One pass over every group; completes when every group has had its turn. */
    CompletableFuture<Void> expireNow() {
        if (!groups.coordinates()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<GroupId> ids = new HashSet<>(store.groups());
        ids.addAll(groups.snapshot().keySet());
        ids.addAll(consumerGroups.snapshot().keySet());
        return CompletableFuture.allOf(ids.stream()
                .map(id -> groupLines.submit(id, () -> expire(id)))
                .toArray(CompletableFuture[]::new));
    }

    private Void expire(GroupId id) {
        Optional<ConsumerGroupSlot> consumerGroup = consumerGroups.find(id);
        if (consumerGroup.isPresent()) {
            return expire(id, consumerGroup.get());
        }
        long now = clock.millis();
        Map<TopicPartition, CommittedOffset> offsets = store.offsets(id);
        Optional<GroupSlot> slot = groups.find(id);
        List<TopicPartition> expired = slot.isEmpty() ? expired(offsets, Optional.empty(), now)
                : slot.get().locked(group -> expired(offsets, Optional.of(group), now));
        if (!expired.isEmpty()) {
            store.delete(id, expired);
            LOG.log(System.Logger.Level.INFO, "Expired {0} committed offsets of group {1}",
                    String.valueOf(expired.size()), id.value());
        }
        if (slot.isPresent() && expired.size() == offsets.size()) {
            removeIfEmpty(id, slot.get());
        }
        return null;
    }

    /** A consumer group: offsets of the topics its members subscribe to stay; an empty group left with none goes. */
    private Void expire(GroupId id, ConsumerGroupSlot slot) {
        long now = clock.millis();
        Map<TopicPartition, CommittedOffset> offsets = store.offsets(id);
        List<TopicPartition> expired = slot.locked(group -> offsets.entrySet().stream()
                .filter(entry -> policy.isExpiredInConsumerGroup(entry.getValue(),
                        group.isSubscribedTo(entry.getKey().topic().value()), now))
                .map(Map.Entry::getKey).toList());
        if (!expired.isEmpty()) {
            store.delete(id, expired);
            LOG.log(System.Logger.Level.INFO, "Expired {0} committed offsets of consumer group {1}",
                    String.valueOf(expired.size()), id.value());
        }
        if (expired.size() == offsets.size()
                && slot.locked(group -> group.members().isEmpty() && group.delete().isAccepted())) {
            consumerGroups.remove(id, slot);
        }
        return null;
    }

    private List<TopicPartition> expired(Map<TopicPartition, CommittedOffset> offsets,
                                         Optional<ClassicGroup> group, long now) {
        return offsets.entrySet().stream()
                .filter(entry -> policy.isExpired(entry.getValue(), group, now))
                .map(Map.Entry::getKey).toList();
    }

    /** A group without members and without offsets is forgotten. */
    private void removeIfEmpty(GroupId id, GroupSlot slot) {
        boolean removed = slot.locked(group -> {
            return group.state() == GroupState.EMPTY && group.delete(clock.millis()).isAccepted();
        });
        if (removed) {
            groups.remove(id, slot);
        }
    }
}
