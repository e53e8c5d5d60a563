package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftPeerId;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The leader a copy of a group's state asks, watched for as long as the copy runs: what {@link #watch} returns
 * completes once another member leads the group, or none, so that the copy's questions give up at once
 * ({@link GroupLeader#until}).
 *
 * <p>Why a copy must not wait for its leader to come back: while a member copies (Ratis' "install snapshot"
 * notification, {@link CommandStateMachine#notifyInstallSnapshotFromLeader}), Ratis refuses the entries any leader
 * sends it. With the old leader down, a new leader of three members has only the copying member to commit with, and
 * serves nothing until it can; its questions to the group would be tried again until the request timeout, the group
 * without a leader that serves all the while.
 */
final class LeaderWatch {

    /** The leader watched, and what completes once it no longer leads. */
    private record Watched(RaftPeerId leader, CompletableFuture<Void> left) {
    }

    /** The copy under way's; null when none is, or its leader was not known. */
    private volatile Watched watched;

    /**
     * Watches the group's leader as a copy begins.
     *
     * @param leader the member leading the group now, or null when none is known
     * @return completes once another member leads, or none; never completes if no leader was known
     */
    CompletableFuture<Void> watch(Supplier<RaftPeerId> leader) {
        CompletableFuture<Void> left = new CompletableFuture<>();
        RaftPeerId asked = leader.get();
        if (asked == null) {
            watched = null;
            return left;
        }
        watched = new Watched(asked, left);
        // a change told between the look above and the note
        leaderChanged(leader.get());
        return left;
    }

    /**
     * Told that the group is now led by {@code newLeader}, or by no member (null).
     *
     * @return the leader the copy under way was asking, if it no longer leads; empty otherwise, and when already said
     */
    Optional<RaftPeerId> leaderChanged(RaftPeerId newLeader) {
        Watched current = watched;
        if (current == null || current.leader().equals(newLeader) || !current.left().complete(null)) {
            return Optional.empty();
        }
        return Optional.of(current.leader());
    }

    /** The copy ended: no leader is watched until the next. */
    void stop() {
        watched = null;
    }
}
