package io.hexalog.adapter.replication.ratis;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which member that follows it a leader asks to finish a copy of the shard's partitions it had not finished when it
 * came to lead (ADR 14): of the members that answer it and kept their place, the one whose log it knows to hold the
 * most. A member may answer the leader's appends and still not a copy: one whose partitions do not match its applied
 * index (a command held for its store, or a copy of its own unfinished) refuses it, and may do so for long. So a
 * member that failed to answer a question since it last answered one is passed over for another while there is one;
 * where every member failed, they are asked again, from the first.
 *
 * <p>One per shard, told of answers and failures by the thread that asks.
 */
final class FollowerToAsk {

    private static final Comparator<InSyncReplicas.Follower> BY_LOG_HELD =
            Comparator.comparingLong(InSyncReplicas.Follower::matchIndex);

    /** The members that failed to answer since they last answered, by node ID. */
    private final Set<Integer> failed = ConcurrentHashMap.newKeySet();

    /** The follower to ask, at the leader's look at its followers; empty where none answers and kept its place. */
    Optional<InSyncReplicas.Follower> choose(List<InSyncReplicas.Follower> followers) {
        List<InSyncReplicas.Follower> answering = followers.stream()
                .filter(follower -> follower.answering() && !follower.yielding())
                .toList();
        Optional<InSyncReplicas.Follower> notFailed = answering.stream()
                .filter(follower -> !failed.contains(follower.nodeId()))
                .max(BY_LOG_HELD);
        if (notFailed.isPresent()) {
            return notFailed;
        }
        failed.clear();
        return answering.stream().max(BY_LOG_HELD);
    }

    /**
     * The member of {@code nodeId} asked through {@code member}, whose answers and failures this choice notes.
     */
    AnsweringMember noting(int nodeId, AnsweringMember member) {
        return question -> {
            byte[] answer;
            try {
                answer = member.ask(question);
            } catch (IOException | RuntimeException e) {
                failed.add(nodeId);
                throw e;
            }
            failed.remove(nodeId);
            return answer;
        };
    }
}
