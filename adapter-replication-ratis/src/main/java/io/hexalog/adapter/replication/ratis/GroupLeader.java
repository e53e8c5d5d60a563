package io.hexalog.adapter.replication.ratis;

import java.io.IOException;

/**
 * A Raft group's leader, wherever it is, asked one read-only question: a query Ratis takes to the group's leader,
 * whose state machine answers it ({@link CommandStateMachine#query}). A member that lost its data asks its leaders
 * this way for what it must copy ({@link MetadataSnapshotCopy}, {@link ShardReplicaCopy}).
 */
@FunctionalInterface
interface GroupLeader {

    /** The leader's answer; blocks until it comes. */
    byte[] ask(byte[] question) throws IOException;
}
