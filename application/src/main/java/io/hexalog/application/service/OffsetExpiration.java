package io.hexalog.application.service;

import io.hexalog.application.port.out.CommittedOffsetStore;
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

/**
 * Expires committed offsets past {@code offsets.retention.minutes} every
 * {@code offsets.retention.check.interval.ms}, and removes empty groups left with no offset.
 */
public final class OffsetExpiration {

    private final GroupTable groups;
    private final CommittedOffsetStore store;
    private final OffsetRetentionPolicy policy;
    private final Duration interval;
    private final Clock clock;
    private final Scheduler scheduler;

    public OffsetExpiration(GroupTable groups, CommittedOffsetStore store, GroupCoordinatorConfig settings, Clock clock,
                            Scheduler scheduler) {
        this.groups = groups;
        this.store = store;
        this.policy = settings.retentionPolicy();
        this.interval = settings.retentionCheckInterval();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Runs the expiry every interval from now on, until the scheduler stops. */
    public void start() {
        scheduler.schedule(interval, () -> {
            try {
                expireNow();
            } finally {
                start();
            }
        });
    }

    /** One pass over every group. */
    public void expireNow() {
        Set<GroupId> ids = new HashSet<>(store.groups());
        ids.addAll(groups.snapshot().keySet());
        for (GroupId id : ids) {
            Optional<GroupSlot> slot = groups.find(id);
            if (slot.isEmpty()) {
                expire(id, Optional.empty());
                continue;
            }
            boolean removed = slot.get().locked(group -> {
                expire(id, Optional.of(group));
                return group.state() == GroupState.EMPTY && store.offsets(id).isEmpty()
                        && group.delete(clock.millis()).isAccepted();
            });
            if (removed) {
                groups.remove(id, slot.get());
            }
        }
    }

    private void expire(GroupId id, Optional<ClassicGroup> group) {
        long now = clock.millis();
        Map<TopicPartition, CommittedOffset> offsets = store.offsets(id);
        List<TopicPartition> expired = offsets.entrySet().stream()
                .filter(entry -> policy.isExpired(entry.getValue(), group, now))
                .map(Map.Entry::getKey).toList();
        if (!expired.isEmpty()) {
            store.delete(id, expired);
        }
    }
}
