package io.hexalog.application.fake;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A committed offset store whose commits of chosen groups wait at a gate, blocking their thread as a slow
 * disk would, until the test opens it. Everything else is the in-memory fake's. Waits are bounded: a gate
 * left closed fails the commit after {@link #MAX_WAIT} instead of hanging the build.
 */
public final class GatedCommittedOffsetStore implements CommittedOffsetStore {

    /** The longest anything here waits. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final CommittedOffsetStore offsets = new InMemoryCommittedOffsetStoreFake();
    private final Map<GroupId, Gate> gates = new ConcurrentHashMap<>();

    /** Makes the commits of this group wait at a new gate from now on. */
    public Gate closeGateOf(GroupId group) {
        Gate gate = new Gate();
        gates.put(group, gate);
        return gate;
    }

    @Override
    public void commit(GroupId group, Map<TopicPartition, CommittedOffset> committed) {
        Gate gate = gates.get(group);
        if (gate != null) {
            gate.pass();
        }
        offsets.commit(group, committed);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return offsets.offsets(group);
    }

    @Override
    public Set<GroupId> groups() {
        return offsets.groups();
    }

    @Override
    public void delete(GroupId group, Collection<TopicPartition> partitions) {
        offsets.delete(group, partitions);
    }

    @Override
    public void deleteGroup(GroupId group) {
        offsets.deleteGroup(group);
    }

    @Override
    public void deleteTopic(TopicName topic) {
        offsets.deleteTopic(topic);
    }

    /** Where commits of one group wait; once opened it stays open. */
    public static final class Gate {

        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        /** Whether a commit reached the gate within {@link #MAX_WAIT}. */
        public boolean awaitArrival() throws InterruptedException {
            return arrived.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets every commit waiting at the gate, and every later one, through. */
        public void open() {
            opened.countDown();
        }

        private void pass() {
            arrived.countDown();
            try {
                if (!opened.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("The gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted at the gate", e);
            }
        }
    }
}
