package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupOutcome;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.GroupTimer;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.SyncRequest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Classic consumers in the client's words: their Subscriptions and Assignments, their JoinGroup, a stable group of them. */
final class ClassicConsumers {

    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int REBALANCE_TIMEOUT_MS = 30_000;

    private ClassicConsumers() {
    }

    /** A version 1 Subscription, as the Java client writes it for the range assignor. */
    static byte[] subscription(List<String> topics, Map<String, List<Integer>> owned) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        buffer.putShort((short) 1);
        buffer.putInt(topics.size());
        topics.forEach(topic -> putString(buffer, topic));
        buffer.putInt(-1);
        putPartitions(buffer, owned);
        return slice(buffer);
    }

    /** A version 1 Assignment with user data, as a client-side assignor writes it. */
    static byte[] assignment(Map<String, List<Integer>> partitions) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        buffer.putShort((short) 1);
        putPartitions(buffer, partitions);
        buffer.putInt(2);
        buffer.put(new byte[] {7, 7});
        return slice(buffer);
    }

    /** A JoinGroup of a member known by {@code memberId} (or new, with {@link GroupMember#UNKNOWN_MEMBER_ID}). */
    static JoinRequest join(String memberId, byte[] subscription) {
        return new JoinRequest(memberId, Optional.empty(), "client-" + memberId, "/127.0.0.1", SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, "consumer", List.of(new MemberProtocol("range", subscription),
                new MemberProtocol("cooperative-sticky", subscription)), false, false);
    }

    static SyncRequest sync(String memberId, int generation) {
        return new SyncRequest(memberId, Optional.empty(), generation, Optional.of("consumer"), Optional.of("range"),
                Map.of());
    }

    /**
     * A classic group in Stable, generation 1, whose members subscribe to {@code topic} and were assigned by their
     * leader the partitions given for each.
     */
    static ClassicGroup stableGroup(String topic, Map<String, List<Integer>> assignments) {
        GroupConfig config = new GroupConfig(1_000, 60_000, 0, GroupConfig.KAFKA_NEW_MEMBER_JOIN_TIMEOUT_MS);
        ClassicGroup group = new ClassicGroup(GroupId.of("orders-app"), config, 0);
        Map<String, String> ids = new LinkedHashMap<>();
        int next = 0;
        for (String name : assignments.keySet()) {
            UUID id = new UUID(0, next++);
            GroupOutcome<JoinResult> outcome = group.join(join(GroupMember.UNKNOWN_MEMBER_ID,
                    subscription(List.of(topic), Map.of())), 0, id);
            ids.put(name, outcome.parkedAs().orElseThrow());
        }
        for (int fired = 0; fired < 3 && group.state() == GroupState.PREPARING_REBALANCE; fired++) {
            group.onTimer(new GroupTimer.JoinPhase(), 0);
        }
        String leader = group.leaderId().orElseThrow();
        Map<String, byte[]> leaderAssignment = new LinkedHashMap<>();
        ids.forEach((name, id) -> leaderAssignment.put(id, assignment(Map.of(topic, assignments.get(name)))));
        group.sync(new SyncRequest(leader, Optional.empty(), 1, Optional.of("consumer"), Optional.of("range"),
                leaderAssignment), 0);
        ids.values().stream().filter(id -> !id.equals(leader)).forEach(id -> group.sync(sync(id, 1), 0));
        return group;
    }

    /** The partitions an Assignment gives, topic by topic. */
    static Map<String, Set<Integer>> assigned(byte[] assignment) {
        return EmbeddedConsumerProtocol.assignment(assignment);
    }

    private static void putPartitions(ByteBuffer buffer, Map<String, List<Integer>> partitions) {
        buffer.putInt(partitions.size());
        partitions.forEach((topic, indexes) -> {
            putString(buffer, topic);
            buffer.putInt(indexes.size());
            indexes.forEach(buffer::putInt);
        });
    }

    private static void putString(ByteBuffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) bytes.length);
        buffer.put(bytes);
    }

    private static byte[] slice(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }
}
