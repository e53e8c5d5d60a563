package io.hexalog.adapter.replication.ratis;

import java.util.List;
import java.util.Optional;

/**
 * How far a node has got in joining the cluster, from what it knows now. It has joined once it knows the
 * controller (the metadata group's leader), is registered with the endpoint clients reach it at, has applied the
 * metadata log up to that registration, and knows a leader for every shard group, so that every partition has one.
 * The reason given is the first of these that is missing: without a controller nothing else can happen.
 *
 * @param registered       the metadata log holds this broker with its current Kafka endpoint
 * @param caughtUp         this node registered in its current start and has applied the metadata log up to there
 * @param controllerKnown  the metadata group has a leader that has applied its predecessors' entries
 * @param leaderlessShards shard groups with no such leader now
 * @param shards           shard groups this node is a member of (none until it has joined one)
 * @param metadataCutOff   the metadata leader's log starts past what this node holds, and this node, having applied
 *                         part of the metadata, cannot copy the leader's snapshot until it restarts
 *                         ({@link StaleMetadataLog})
 * @param stoppedGroups    the groups that stopped taking entries on this node until it starts again, their log having
 *                         failed a write ({@link RestartNeed})
 */
record JoinProgress(boolean registered, boolean caughtUp, boolean controllerKnown, int leaderlessShards, int shards,
                    boolean metadataCutOff, List<String> stoppedGroups) {

    JoinProgress {
        if (shards < 0 || leaderlessShards < 0 || leaderlessShards > shards) {
            throw new IllegalArgumentException(leaderlessShards + " leaderless of " + shards + " shards");
        }
        stoppedGroups = List.copyOf(stoppedGroups);
    }

    /** Empty once joined; otherwise why not, in a short sentence. */
    Optional<String> whyNotJoined() {
        if (!controllerKnown) {
            return Optional.of("no controller known: waiting for a majority of the voters to be up");
        }
        if (metadataCutOff) {
            return Optional.of("the controller's metadata log starts past this node's: the node must start again "
                    + "while the others run, to copy the controller's metadata snapshot (a broker process restarts "
                    + "itself)");
        }
        if (!stoppedGroups.isEmpty()) {
            return Optional.of("this node takes no more entries of the " + String.join(", ", stoppedGroups)
                    + (stoppedGroups.size() == 1 ? " group" : " groups") + ", whose log failed: the node must start "
                    + "again once its data volume has room (a broker process restarts itself)");
        }
        if (!registered) {
            return Optional.of("not registered with the cluster yet");
        }
        if (!caughtUp) {
            return Optional.of("applying the metadata log up to this broker's registration");
        }
        if (shards == 0) {
            return Optional.of("not a member of any shard group yet");
        }
        if (leaderlessShards > 0) {
            return Optional.of("no leader known for " + leaderlessShards + " of " + shards + " shard groups");
        }
        return Optional.empty();
    }
}
