package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.topic.TopicIdPartition;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compares this node's replicas of a shard's partitions with the shard leader's. Every node assigns offsets as it
 * applies the shard's log, so replicas that applied the same commands hold the same offsets; a replica that refused
 * or skipped an append its leader stored holds fewer, and once it led the partition it would hand out the missing
 * records' offsets again. Nothing in Raft notices: the node applied every entry, only not as the others did.
 *
 * <p>The leader answers, for each partition of the shard it hosts, where applying has got there
 * ({@link AppliedLogEnd}): the position of the last command that appended to the partition and the log end offset
 * it left. A member that has applied the shard's log up to that position must be at the same position with the
 * same log end offset; one at an earlier position (it took no append the leader took) or at another log end offset
 * has diverged. A member that moved past the leader's answer, or has not applied that far, or does not host the
 * partition yet, cannot tell and passes.
 */
final class ReplicaCheck {

    /** "HXLE": the leader's log ends of a shard's partitions. */
    private static final int QUESTION = 0x48584C45;

    /**
     * A replica that differs from its leader's.
     *
     * @param leaderPosition     the position of the last command that appended to the leader's replica
     * @param leaderLogEndOffset the leader's log end offset after it
     * @param position           the position of the last command that appended to this node's replica
     * @param logEndOffset       this node's log end offset after it
     */
    record Divergence(TopicIdPartition partition, long leaderPosition, long leaderLogEndOffset, long position,
                      long logEndOffset) {

        @Override
        public String toString() {
            return partition + " (the leader's log ends at offset " + leaderLogEndOffset + " after the append at log "
                    + "position " + leaderPosition + ", this node's at " + logEndOffset + " after position " + position
                    + ")";
        }
    }

    private ReplicaCheck() {
    }

    /** The question a member asks its shard's leader. */
    static byte[] question() {
        return ByteBuffer.allocate(Integer.BYTES).putInt(QUESTION).array();
    }

    /** Whether {@code message} is this check's question, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length == Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /** The leader's answer: where applying has got in each partition of the shard it hosts. */
    static byte[] answer(List<TopicIdPartition> partitions,
                         Function<TopicIdPartition, Optional<AppliedLogEnd>> applied) {
        List<TopicIdPartition> hosted = new ArrayList<>();
        List<AppliedLogEnd> ends = new ArrayList<>();
        for (TopicIdPartition partition : partitions) {
            applied.apply(partition).ifPresent(end -> {
                hosted.add(partition);
                ends.add(end);
            });
        }
        return CommandCodec.write(out -> {
            out.writeInt(hosted.size());
            for (int i = 0; i < hosted.size(); i++) {
                CommandCodec.writePartition(out, hosted.get(i));
                out.writeLong(ends.get(i).logIndex());
                out.writeLong(ends.get(i).logEndOffset());
            }
        });
    }

    /**
     * The replicas of this node that differ from the leader's {@code answer}.
     *
     * @param appliedEntry the index of the last entry of the shard this node has applied
     * @param applied      where applying has got in each of this node's partitions
     */
    static List<Divergence> compare(byte[] answer, long appliedEntry,
                                    Function<TopicIdPartition, Optional<AppliedLogEnd>> applied) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer));
        int count = in.readInt();
        List<Divergence> diverged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicIdPartition partition = CommandCodec.readPartition(in);
            long leaderPosition = in.readLong();
            long leaderLogEnd = in.readLong();
            if (leaderPosition == ApplyCommandUseCase.NO_LOG_INDEX
                    || appliedEntry < leaderPosition / CommandPositions.MAX_COMMANDS_PER_ENTRY) {
                continue;
            }
            Optional<AppliedLogEnd> local = applied.apply(partition);
            if (local.isEmpty() || local.get().logIndex() > leaderPosition) {
                continue;
            }
            if (local.get().logIndex() != leaderPosition || local.get().logEndOffset() != leaderLogEnd) {
                diverged.add(new Divergence(partition, leaderPosition, leaderLogEnd, local.get().logIndex(),
                        local.get().logEndOffset()));
            }
        }
        return diverged;
    }
}
