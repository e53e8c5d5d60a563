package io.hexalog.adapter.replication.ratis;

import java.io.IOException;

/**
 * A member of a Raft group asked one read-only question, whose state machine answers it
 * ({@link CommandStateMachine#query}): the group's leader, wherever it is (a query Ratis takes to the leader), or one
 * given member, which answers from what it has applied (a stale read). A member that lost its data asks its leaders
 * this way for what it must copy ({@link MetadataSnapshotCopy}, {@link ShardReplicaCopy}); a leader that has not
 * finished such a copy asks a member that follows it.
 */
@FunctionalInterface
interface AnsweringMember {

    /** The member's answer; blocks until it comes. */
    byte[] ask(byte[] question) throws IOException;
}
