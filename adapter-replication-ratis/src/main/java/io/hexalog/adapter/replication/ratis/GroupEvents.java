package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.topic.Topic;

/** What the state machine of a Raft group tells, or asks, the node it runs on. */
interface GroupEvents {

    /**
     * A command of the group creates or changes this topic; told before the application applies it, so that the
     * node knows where the topic's partitions travel whenever the application knows the topic.
     */
    void topicSeen(Topic topic);

    /**
     * This node's member of the group leads it and has applied every entry its predecessors committed: it may
     * serve now.
     */
    void leaderReady();

    /** A command of the metadata group (not a {@link CommandCodec.CommitAnnouncement}) was applied on this node. */
    void metadataCommandApplied();

    /**
     * The metadata quorum as this node sees it, leading the metadata group: a member that does not lead it asks
     * ({@link MetadataQuorumAnswer}).
     *
     * @throws IllegalStateException if this node does not lead the metadata group
     */
    MetadataQuorum metadataQuorumAsLeader();

    /** Whether this node is stopping, handing its leaderships over ({@link StoppingMembers}). */
    boolean stopping();
}
