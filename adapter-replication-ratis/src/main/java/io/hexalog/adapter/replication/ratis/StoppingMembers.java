package io.hexalog.adapter.replication.ratis;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which other nodes a node that is stopping must not hand its groups to: those that are stopping too, as when a whole
 * cluster is stopped at once, and those that do not answer. A node handing its leaderships over asks each other node
 * whether it is stopping (a Ratis stale read of the metadata group, answered by the node's state machine from its own
 * flag); a node that is stopping or does not answer is passed over from then on. Without it, nodes stopping together
 * hand their groups to each other, and each waits for the others to take groups they will never keep.
 */
final class StoppingMembers {

    /** "HXST": is the node that answers stopping? */
    private static final int QUESTION = 0x48585354;
    private static final byte STOPPING = 1;
    private static final byte SERVING = 0;

    private final Set<Integer> passedOver = ConcurrentHashMap.newKeySet();

    static byte[] question() {
        return ByteBuffer.allocate(Integer.BYTES).putInt(QUESTION).array();
    }

    /** Whether {@code message} is this question, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length == Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /** What a node answers: whether it is stopping. */
    static byte[] answer(boolean stopping) {
        return new byte[]{stopping ? STOPPING : SERVING};
    }

    /** Notes what node {@code nodeId} answered. */
    void answered(int nodeId, byte[] answer) {
        if (answer.length != 1 || answer[0] != SERVING) {
            passedOver.add(nodeId);
        }
    }

    /** Notes that node {@code nodeId} did not answer. */
    void silent(int nodeId) {
        passedOver.add(nodeId);
    }

    /** Whether a group may be handed to node {@code nodeId}: it answered that it is not stopping, or was not asked yet. */
    boolean mayTakeOver(int nodeId) {
        return !passedOver.contains(nodeId);
    }
}
