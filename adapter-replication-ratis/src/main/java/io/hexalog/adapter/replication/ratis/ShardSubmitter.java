package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import org.apache.ratis.protocol.RaftClientReply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Places the partition commands this node submits in the logs of their shards, from one thread, several commands
 * of a shard to one Raft entry.
 *
 * <p>Ratis' submit returns only once its own thread has appended the entry to the log; done on a network thread,
 * that wait held up every other request of the connection. Here it holds up only this thread, and the commands
 * that queue meanwhile (the other partitions of the same produce request, other producers' requests) share the
 * next entry: the busier the node, the fewer entries, flushes and round trips per command. Commands of a shard
 * keep the order they were submitted in, so a producer's pipelined batches keep their sequence.
 */
final class ShardSubmitter implements AutoCloseable {

    /**
     * Sends one entry to a shard's log as the request {@code callId}; returns once this node, the shard's leader,
     * has placed it in its log, and answers once the entry is committed and applied on this node.
     */
    @FunctionalInterface
    interface Sender {
        CompletableFuture<RaftClientReply> send(int shard, byte[] entry, long callId) throws IOException;
    }

    /** Where the appends of a request this node placed as a shard's leader go ({@link LeaderOffsets#take}). */
    @FunctionalInterface
    interface PlacedAppends {
        List<Appended> take(int shard, long callId);
    }

    /**
     * A command waiting for its place in an entry, as {@link CommandCodec#encode} wrote it.
     *
     * @param placed completed, for an append answered once placed (acks=1), with where it goes, if the leader can
     *               tell when it places it; null for a command answered once applied only
     */
    record Pending(int shard, byte[] command, CompletableFuture<byte[]> outcome,
                   CompletableFuture<Appended> placed) {
    }

    private static final Pending STOP = new Pending(-1, new byte[0], null, null);

    private final Sender sender;
    private final LongSupplier callIds;
    private final PlacedAppends placedAppends;
    private final Function<RaftClientReply, byte[]> contentOf;
    private final int maxEntryBytes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param contentOf     the outcome bytes of a reply, or the error its failure maps to
     * @param maxEntryBytes commands are put together only while their entry stays within this size
     */
    ShardSubmitter(Sender sender, LongSupplier callIds, PlacedAppends placedAppends,
                   Function<RaftClientReply, byte[]> contentOf, int maxEntryBytes, String threadName) {
        this.sender = sender;
        this.callIds = callIds;
        this.placedAppends = placedAppends;
        this.contentOf = contentOf;
        this.maxEntryBytes = maxEntryBytes;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an encoded command for its shard; completes with its outcome bytes once applied on this node. */
    CompletableFuture<byte[]> submit(int shard, byte[] command) {
        return submit(shard, command, null);
    }

    /**
     * Queues an encoded append for its shard, as {@link #submit(int, byte[])} does, and completes {@code placed}
     * with where it goes as soon as the shard's leader has placed it in its log, if the leader can tell then.
     */
    CompletableFuture<byte[]> submit(int shard, byte[] command, CompletableFuture<Appended> placed) {
        CompletableFuture<byte[]> outcome = new CompletableFuture<>();
        queue.add(new Pending(shard, command, outcome, placed));
        if (closed) {
            failWaiting();
        }
        return outcome;
    }

    /**
     * Cuts what was queued into entries: the commands of each shard in the order they came, as many to an entry as
     * fit in {@code maxEntryBytes} (a command larger than that travels alone), and never more than
     * {@link CommandPositions#MAX_COMMANDS_PER_ENTRY}.
     */
    static List<List<Pending>> entries(List<Pending> queued, int maxEntryBytes) {
        Map<Integer, List<List<Pending>>> byShard = new LinkedHashMap<>();
        for (Pending pending : queued) {
            List<List<Pending>> entries = byShard.computeIfAbsent(pending.shard(), shard -> new ArrayList<>());
            List<Pending> last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            if (last == null || bytes(last) + pending.command().length > maxEntryBytes
                    || last.size() == CommandPositions.MAX_COMMANDS_PER_ENTRY) {
                last = new ArrayList<>();
                entries.add(last);
            }
            last.add(pending);
        }
        List<List<Pending>> all = new ArrayList<>();
        byShard.values().forEach(all::addAll);
        return all;
    }

    private static int bytes(List<Pending> entry) {
        return entry.stream().mapToInt(pending -> pending.command().length).sum();
    }

    private void run() {
        List<Pending> queued = new ArrayList<>();
        while (!closed) {
            try {
                queued.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(queued);
            if (queued.remove(STOP)) {
                closed = true;
            }
            for (List<Pending> entry : entries(queued, maxEntryBytes)) {
                send(entry);
            }
            queued.clear();
        }
        failWaiting();
    }

    private void send(List<Pending> entry) {
        List<byte[]> commands = entry.stream().map(Pending::command).toList();
        CompletableFuture<RaftClientReply> replied;
        int shard = entry.get(0).shard();
        long callId = callIds.getAsLong();
        try {
            replied = sender.send(shard, commands.size() == 1 ? commands.get(0) : CommandCodec.several(commands),
                    callId);
        } catch (IOException | RuntimeException e) {
            replied = CompletableFuture.failedFuture(new NotLeaderOrFollowerException(e.getMessage()));
        }
        List<Appended> placed = placedAppends.take(shard, callId);
        if (placed != null) {
            for (int i = 0; i < entry.size(); i++) {
                if (entry.get(i).placed() != null && placed.get(i) != null) {
                    entry.get(i).placed().complete(placed.get(i));
                }
            }
        }
        replied.whenComplete((reply, failure) -> {
            if (failure != null) {
                entry.forEach(pending -> pending.outcome().completeExceptionally(failure));
                return;
            }
            try {
                byte[] content = contentOf.apply(reply);
                List<byte[]> outcomes = entry.size() == 1 ? List.of(content) : Outcomes.parts(content);
                for (int i = 0; i < entry.size(); i++) {
                    entry.get(i).outcome().complete(outcomes.get(i));
                }
            } catch (RuntimeException e) {
                entry.forEach(pending -> pending.outcome().completeExceptionally(e));
            }
        });
    }

    private void failWaiting() {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            if (pending != STOP) {
                pending.outcome().completeExceptionally(
                        new NotLeaderOrFollowerException("The node is stopping"));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failWaiting();
    }
}
