package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import io.hexalog.domain.topic.TopicId;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** A consumer group under test with a clock, the topics that exist, and heartbeats in the client's words. */
final class ConsumerGroupFixture {

    static final int SESSION_TIMEOUT_MS = 45_000;
    static final int REBALANCE_TIMEOUT_MS = 30_000;

    private final Map<String, TopicMetadata> topics = new HashMap<>();
    private long topicsVersion;
    final ConsumerGroup group;
    long now = 1_000;

    ConsumerGroupFixture() {
        this(ConsumerGroupConfig.kafkaDefaults());
    }

    ConsumerGroupFixture(ConsumerGroupConfig config) {
        group = new ConsumerGroup(GroupId.of("orders-app"), config);
    }

    /** A fixture around a group made otherwise (upgraded from a classic group), sharing the topics of another. */
    ConsumerGroupFixture(ConsumerGroup group, ConsumerGroupFixture topicsOf) {
        this.group = group;
        this.topics.putAll(topicsOf.topics);
        this.topicsVersion = topicsOf.topicsVersion;
        this.now = topicsOf.now;
    }

    TopicId createTopic(String name, int partitions) {
        TopicId id = new TopicId(UUID.nameUUIDFromBytes(name.getBytes()));
        addTopic(new TopicMetadata(id, name, partitions));
        return id;
    }

    void addTopic(TopicMetadata topic) {
        topics.put(topic.name(), topic);
        topicsVersion++;
    }

    TopicId topicId(String name) {
        return topics.get(name).id();
    }

    /** A member's first heartbeat: epoch 0, its subscription, nothing owned. */
    static Builder joining(String memberId, String... topicNames) {
        return new Builder(memberId, 0).subscribe(topicNames).rebalanceTimeout(REBALANCE_TIMEOUT_MS)
                .owning(PartitionAssignment.EMPTY);
    }

    /** A later heartbeat that says nothing has changed. */
    static Builder heartbeat(String memberId, int epoch) {
        return new Builder(memberId, epoch);
    }

    ConsumerGroupOutcome<HeartbeatResult> send(Builder request) {
        return countingChanges(() -> group.heartbeat(request.build(), lookup(), now, new UUID(0, 42)));
    }

    /**
     * Runs an operation on the group and checks that it counted a change ({@link ConsumerGroup#changes}) if its image
     * changed: a coordinator writes the image only when the count moved, so a change not counted would be lost.
     */
    private <T> T countingChanges(Supplier<T> operation) {
        ConsumerGroupImage before = group.image();
        long counted = group.changes();
        T result = operation.get();
        ConsumerGroupImage after = group.image();
        if (group.changes() == counted && !after.equals(before)) {
            throw new AssertionError("The group's image changed without a change counted: before " + before
                    + ", after " + after);
        }
        return result;
    }

    TopicMetadataLookup lookup() {
        return new TopicMetadataLookup() {
            @Override
            public Optional<TopicMetadata> find(String topicName) {
                return Optional.ofNullable(topics.get(topicName));
            }

            @Override
            public Collection<TopicMetadata> all() {
                return List.copyOf(topics.values());
            }

            @Override
            public long version() {
                return topicsVersion;
            }
        };
    }

    /** Sends a heartbeat that must be accepted, and returns its answer. */
    HeartbeatResult accepted(Builder request) {
        ConsumerGroupOutcome<HeartbeatResult> outcome = send(request);
        if (outcome.error().isPresent()) {
            throw new AssertionError("Heartbeat was refused: " + outcome.error().get());
        }
        return outcome.result().orElseThrow();
    }

    HexalogException refused(Builder request) {
        return send(request).error().orElseThrow(() -> new AssertionError("Heartbeat was accepted"));
    }

    /** A classic member's JoinGroup, SyncGroup, Heartbeat and LeaveGroup, each checked as {@link #send} is. */
    ConsumerGroupOutcome<JoinResult> classicJoin(JoinRequest request, TopicMetadataLookup topics, long nowMs,
                                                 UUID freshId) {
        return countingChanges(() -> group.classicJoin(request, topics, nowMs, freshId));
    }

    ConsumerGroupOutcome<SyncResult> classicSync(SyncRequest request, long nowMs) {
        return countingChanges(() -> group.classicSync(request, nowMs));
    }

    ConsumerGroupOutcome<ConsumerGroupState> classicHeartbeat(MemberIdentity member, int generationId, long nowMs) {
        return countingChanges(() -> group.classicHeartbeat(member, generationId, nowMs));
    }

    ConsumerGroupOutcome<List<LeaveResult>> classicLeave(List<MemberIdentity> leaving) {
        return countingChanges(() -> group.classicLeave(leaving));
    }

    ConsumerGroupOutcome<Void> fire(ConsumerGroupTimer timer) {
        return countingChanges(() -> group.onTimer(timer, now));
    }

    ConsumerGroupMember member(String memberId) {
        return group.member(memberId).orElseThrow(() -> new AssertionError("No member " + memberId));
    }

    /** A ConsumerGroupHeartbeat as the Java client sends it. */
    static final class Builder {
        private String memberId;
        private final int epoch;
        private Optional<String> instanceId = Optional.empty();
        private int rebalanceTimeoutMs = -1;
        private Optional<List<String>> topicNames = Optional.empty();
        private Optional<TopicPattern> regex = Optional.empty();
        private Optional<String> assignor = Optional.empty();
        private Optional<PartitionAssignment> owned = Optional.empty();

        Builder(String memberId, int epoch) {
            this.memberId = memberId;
            this.epoch = epoch;
        }

        Builder subscribe(String... names) {
            topicNames = Optional.of(List.of(names));
            return this;
        }

        Builder regex(String pattern) {
            regex = Optional.of(new TopicPattern(pattern, name -> name.matches(pattern)));
            return this;
        }

        Builder rebalanceTimeout(int timeoutMs) {
            rebalanceTimeoutMs = timeoutMs;
            return this;
        }

        Builder owning(PartitionAssignment partitions) {
            owned = Optional.of(partitions);
            return this;
        }

        Builder instance(String id) {
            instanceId = Optional.of(id);
            return this;
        }

        Builder assignor(String name) {
            assignor = Optional.of(name);
            return this;
        }

        ConsumerGroupHeartbeat build() {
            return new ConsumerGroupHeartbeat(memberId, epoch, instanceId, Optional.empty(), rebalanceTimeoutMs,
                    topicNames, regex, assignor, owned, "client-" + memberId, "/127.0.0.1");
        }
    }
}
