package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.protocol.ClientId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Where the appends a shard's leader places in its log will go once applied, worked out as they are placed, so
 * that a produce with acks=1 is answered when the leader has its batches, before a majority holds them
 * ({@link io.hexalog.application.port.out.ReplicatedLog#submitLeaderAcknowledged}).
 *
 * <p>Offsets are assigned when an entry is applied, after it is committed, in log order: an append's first offset
 * is the partition's log end offset once every command ahead of it is applied. Ratis tells the state machine of
 * each entry its leader places, in log order, before the entry's index is taken
 * ({@code preAppendTransaction}); this keeps, for each partition, the commands placed in the leader's term and
 * not applied yet, with the offsets each will take. A new append's first offset is then the partition's applied
 * log end offset plus the offsets of the commands ahead of it, and it is exact as long as each of those is sure
 * to take the offsets counted:
 * <ul>
 *   <li>an append of batches without a producer ID takes its batches' offsets: nothing in applying it may refuse
 *       or skip it but a store out of room, and a partition whose store has just refused an append is not
 *       answered for until one is taken again;</li>
 *   <li>moving the log start offset takes none;</li>
 *   <li>an idempotent or transactional producer's append (a duplicate takes nothing, a sequence out of order is
 *       refused) and a transaction marker (a fenced one is refused) may take their offsets or none: until one is
 *       applied, the appends behind it in its partition are answered once applied, as with acks=all.</li>
 * </ul>
 * A command is known applied once the partition's latest append carries its log position or a later one
 * ({@link AppliedLogEnd#logIndex()}), read with the log end offset at one moment. A new term forgets everything
 * placed before it: the new leader has applied what its predecessor committed before it takes appends, and what
 * was never committed is gone.
 *
 * <p>Ratis calls {@link #placing} on the thread that appends to the leader's log, under the log's lock; this
 * node's submitter reads the answers for its own requests, by call ID, once Ratis has taken them.
 */
final class LeaderOffsets {

    /** A command whose offsets, or the first offset of an append behind it, cannot be told before it is applied. */
    static final long UNKNOWN = -1;

    /**
     * What placing one command of an entry does to its partition.
     *
     * @param offsets how many offsets it takes when applied, or {@link #UNKNOWN}
     * @param answerable whether it is an append that may be answered once placed: one whose offsets are known
     */
    record Placement(TopicIdPartition partition, long offsets, boolean answerable) {
    }

    private record InFlight(long position, long offsets) {
    }

    private final ClientId localClient;
    private final Function<TopicIdPartition, Optional<AppliedLogEnd>> applied;
    private final LongSupplier appliedEntry;
    /** By partition: what was placed in this term and is not known applied, in log order. Under this lock. */
    private final Map<TopicIdPartition, ArrayDeque<InFlight>> inFlight = new HashMap<>();
    /** Where this node's own appends go, by call ID, until its submitter takes them. */
    private final Map<Long, List<Appended>> answers = new ConcurrentHashMap<>();
    private long term = -1;
    /** No answer is given until the shard has applied this entry: one that could not be read was placed. */
    private long blindUntilEntry = -1;
    /** No answer is given any more: an entry was placed that this could not even count. */
    private boolean blind;

    /**
     * @param localClient  the client ID of this node's own requests, whose answers are kept for its submitter
     * @param applied      how far applying has got in a partition
     * @param appliedEntry the index of the last entry of the shard applied here
     */
    LeaderOffsets(ClientId localClient, Function<TopicIdPartition, Optional<AppliedLogEnd>> applied,
                  LongSupplier appliedEntry) {
        this.localClient = localClient;
        this.applied = applied;
        this.appliedEntry = appliedEntry;
    }

    /**
     * An entry placed in the leader's log, at {@code entryIndex} in {@code term}; called in log order.
     *
     * @param commands what each of its commands does, in their order in the entry; null if it could not be read
     * @param client   who sent it
     */
    synchronized void placing(long term, long entryIndex, List<Placement> commands, ClientId client, long callId) {
        if (term != this.term) {
            inFlight.clear();
            this.term = term;
        }
        if (commands == null) {
            blindUntilEntry = Math.max(blindUntilEntry, entryIndex);
            return;
        }
        List<Appended> placed = new ArrayList<>(commands.size());
        for (int part = 0; part < commands.size(); part++) {
            Placement command = commands.get(part);
            ArrayDeque<InFlight> ahead = inFlight.computeIfAbsent(command.partition(), any -> new ArrayDeque<>());
            Appended answer = firstOffset(applied.apply(command.partition()), ahead);
            placed.add(command.answerable() ? answer : null);
            ahead.addLast(new InFlight(CommandPositions.of(entryIndex, part), command.offsets()));
        }
        if (localClient.equals(client) && placed.stream().anyMatch(answer -> answer != null)) {
            answers.put(callId, placed);
        }
    }

    /**
     * An entry was placed that could not be handed to {@link #placing}, not even with its term and index: what is in
     * flight is no longer known, so no answer is given any more, and appends are answered once applied.
     */
    synchronized void blind() {
        blind = true;
    }

    /**
     * Where the appends of this node's request {@code callId} go once applied, by their place in its entry (null
     * for one that cannot be told); null if none can. Each request's answers are given once.
     */
    List<Appended> take(long callId) {
        return answers.remove(callId);
    }

    /**
     * Forgets what {@code ahead} holds that is applied, then tells where an append placed now in the partition goes:
     * its first offset and the log start offset; null if that cannot be told.
     */
    private Appended firstOffset(Optional<AppliedLogEnd> found, ArrayDeque<InFlight> ahead) {
        if (found.isEmpty()) {
            return null;
        }
        AppliedLogEnd end = found.get();
        while (!ahead.isEmpty() && ahead.peekFirst().position() <= end.logIndex()) {
            ahead.removeFirst();
        }
        if (blind || appliedEntry.getAsLong() < blindUntilEntry || !end.takesAppends()) {
            return null;
        }
        long first = end.logEndOffset();
        for (InFlight command : ahead) {
            if (command.offsets() == UNKNOWN) {
                return null;
            }
            first += command.offsets();
        }
        return new Appended(first, end.logStartOffset());
    }
}
