package io.hexalog.application.port.out;

import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where partition logs live: record batches stored exactly as given, in offset order, together with the
 * producer state they imply (idempotence and ongoing transactions) and the partition's aborted transactions.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #append} stores batches whose offsets were already assigned by the caller; the batches of a
 *       partition are contiguous (each starts at the previous one's next offset). The caller serialises
 *       appends to one partition; appends to different partitions may run concurrently.</li>
 *   <li>The future of an append completes only when the batches and producer states are durable to the
 *       adapter's promise (for a persistent store: in its write-ahead log), and the futures of one
 *       partition complete in the order the appends were made. A failed append completes exceptionally
 *       with a {@link io.hexalog.domain.error.KafkaStorageException}, and so does every append still in
 *       flight when it failed (it may continue the offsets of the failed one): a log never has a gap.</li>
 *   <li>After a failed append a store may refuse writes until it has recovered (a persistent store on a
 *       full disk: until space is freed); {@link #checkWritable} tells when it takes them again.</li>
 *   <li>A store with a limit on the room it may use refuses an append that does not fit whole and at once:
 *       the future returned has already failed with a {@link io.hexalog.domain.error.StorageFullException}
 *       when {@code append} returns, nothing of the append (no batch, no producer state) is stored, and
 *       later appends to the partition are taken as if the refused one had never been made. Room given back
 *       by {@link #deleteBefore} and {@link #deleteTopic} can be used again. A store without such a limit
 *       never refuses.</li>
 *   <li>Stored bytes are returned unchanged by {@link #read}: byte for byte what was appended. The store
 *       keeps its own copy: once the append's future completes, the caller may reuse or release the
 *       buffers the batches were read from.</li>
 *   <li>The {@link LogSlice} a {@link #read} returns may lie in memory the store lends (a persistent store
 *       reads into pooled direct buffers, so that the socket sends them without another copy). The caller
 *       owns the slice: it hands it on or calls {@link LogSlice#release} once done with its batches, on every
 *       path, also when it drops the slice after an error. Until then the store does not reuse its memory,
 *       whatever is appended or deleted meanwhile. Afterwards {@link LogSlice#batches} throws an
 *       {@link IllegalStateException}, and batches taken from the slice before must not be used; a second
 *       release does nothing. A store whose slices lie in memory it keeps anyway (the memory store's) needs
 *       no release, but its slices follow the same rules. A slice never released is not lost, only its
 *       memory: a store whose memory runs short reads to the heap instead, one copy more, never fails a
 *       read for it. The other reads ({@link #findFirstBatchWithTimestampAtLeast},
 *       {@link #findBatchWithMaxTimestamp}) return batches the caller may keep.</li>
 *   <li>{@link #open} on a partition never appended to returns an empty state at offset 0.</li>
 *   <li>An append may carry the index, in the replicated log, of the command it comes from; the store records
 *       it atomically with the batches and producer states (a crash keeps both or neither), and {@link #open}
 *       returns the one recorded with the latest append that carried one as
 *       {@link StoredLogState#appliedLogIndex()}, or {@link #NO_LOG_INDEX} if no append carried one (also after
 *       {@link #deleteTopic}). {@link #deleteBefore} keeps it. This is how a node of a cluster that restarts
 *       knows which of the commands it replays its store already holds.</li>
 *   <li>{@link #appendTransactionMarker} is an append like {@link #append}, under the same rules (contiguous
 *       offsets, futures completing in append order, the same refusal for lack of room, the log index recorded),
 *       that also records an aborted transaction; {@link #open} returns the producer states and aborted
 *       transactions it stored.</li>
 *   <li>The log start offset only moves forward, through {@link #deleteBefore}; {@link #open} returns the
 *       latest one set, which may lie inside the first batch kept.</li>
 *   <li>The methods returning a future may be called from event-loop threads: an implementation that
 *       blocks does so on its own threads and completes the returned future from them.
 *       {@link #open} is the exception: it blocks the calling thread until the partition's state is read;
 *       never call it from an event loop.</li>
 * </ul>
 */
public interface PartitionLogStore {

    /** The log index of an append that no replicated log placed, such as a single broker's. */
    long NO_LOG_INDEX = -1;

    /**
     * Loads what is stored of a partition: its offsets and producer states. Called once per partition when
     * the broker starts or the partition is created. Blocks the calling thread until the state is read;
     * never call from an event loop.
     */
    StoredLogState open(TopicIdPartition partition);

    /**
     * Appends batches and the producer states they changed, atomically, with no log index: a single broker's
     * append. The same as {@link #append(TopicIdPartition, List, List, long)} with {@link #NO_LOG_INDEX}.
     */
    default CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                           List<ProducerStateEntry> producerStates) {
        return append(partition, batches, producerStates, NO_LOG_INDEX);
    }

    /**
     * Appends batches and the producer states they changed, and the log index of the command they come from,
     * atomically.
     *
     * @param partition      the partition
     * @param batches        batches with offsets assigned, contiguous with what is stored
     * @param producerStates the latest state of each producer these batches came from
     * @param logIndex       the index of the command in the replicated log, greater than any recorded for the
     *                       partition before; {@link #NO_LOG_INDEX} records none and keeps the one recorded
     * @return completes when the append is durable; already failed with a
     *         {@link io.hexalog.domain.error.StorageFullException} if the append does not fit in the store's room
     */
    CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                   List<ProducerStateEntry> producerStates, long logIndex);

    /**
     * Appends a transaction marker (a control batch), the state of its producer and, for an abort that ended an
     * ongoing transaction, that aborted transaction, atomically.
     *
     * @param marker        the control batch, its offset assigned, contiguous with what is stored
     * @param producerState the producer's state after the marker
     * @param aborted       the transaction the marker aborted, if it aborted one; its last offset is the marker's
     * @param logIndex      the index of the command in the replicated log, as for {@link #append}
     * @return completes when the append is durable; already failed with a
     *         {@link io.hexalog.domain.error.StorageFullException} if the marker does not fit in the store's room
     */
    CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                    ProducerStateEntry producerState,
                                                    Optional<AbortedTransaction> aborted, long logIndex);

    /**
     * Reads whole batches, in offset order, starting with the batch that contains {@code fromOffset}
     * (which may start before it) and ending before {@code maxOffset}. The read takes batches for as long as
     * {@link ReadLimit#admits} them and stops at the first it does not: the size rule is the limit's, never
     * the store's.
     *
     * <p>A read sees every append, {@link #deleteBefore}, {@link #replaceBatches} and {@link #deleteTopic} whose
     * future completed before the read was made, whatever the store keeps open between reads; reads of the same
     * partition may run at the same time, each getting what it asked for.
     *
     * @param fromOffset the first offset wanted
     * @param maxOffset  no batch whose base offset is at or above this is returned (the high watermark)
     * @param limit      which batches fit in the read, given the bytes taken before them
     * @return the batches, owned by the caller, who releases them (see the contract above)
     */
    CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset, ReadLimit limit);

    /**
     * Reads as {@link #read} does, for a reader that only sends the bytes on, unread (a consumer's fetch): the store
     * may leave the batches where they lie and return a slice of {@linkplain LogSlice#unread stretches of its files},
     * which the socket is given as they are ({@code sendfile}), so that the broker neither copies nor touches them.
     * The slice holds the same bytes {@link #read} would have returned; its stretches stay readable until it is
     * released, whatever is deleted or moved meanwhile. A store that holds its batches in memory returns what
     * {@link #read} does.
     *
     * @return the batches, or the stretches of files holding them, owned by the caller, who releases them
     */
    default CompletableFuture<LogSlice> readToSend(TopicIdPartition partition, long fromOffset, long maxOffset,
                                                   ReadLimit limit) {
        return read(partition, fromOffset, maxOffset, limit);
    }

    /**
     * The first batch, in offset order, whose max timestamp is at or after {@code timestamp}, below
     * {@code maxOffset}; empty if there is none.
     */
    CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(TopicIdPartition partition,
                                                                               long timestamp, long maxOffset);

    /** The batch holding the greatest max timestamp below {@code maxOffset} (the first such); empty if none. */
    CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition, long maxOffset);

    /**
     * The headers of the batches retention decides on, in offset order: every stored batch that is not wholly
     * below the log start offset and whose base offset is below {@code maxOffset}. Only header fields are
     * needed, so an adapter need not load the records.
     *
     * @param maxOffset no batch whose base offset is at or above this is included (the high watermark)
     * @return empty for a partition never appended to or whose batches were all deleted
     */
    CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset);

    /**
     * Moves the partition's log start offset forward (DeleteRecords, retention). Afterwards:
     * <ul>
     *   <li>every batch whose next offset is at or below {@code newLogStartOffset} is gone: {@link #read},
     *       {@link #batchHeaders} and the timestamp lookups no longer return it;</li>
     *   <li>a batch holding {@code newLogStartOffset} is kept whole (clients skip the records before it);</li>
     *   <li>{@link #open} returns {@code newLogStartOffset} as the log start offset, also when no batch is left,
     *       in which case it returns it as the log end offset too and the next append continues from it: the end
     *       is unchanged for a value at the log end, and moves to a value past it;</li>
     *   <li>producer states are kept;</li>
     *   <li>an aborted transaction whose marker (last offset) is below {@code newLogStartOffset} is gone from
     *       what {@link #open} returns.</li>
     * </ul>
     * A value at or below the current log start offset changes nothing, so calls that overtake each other are
     * harmless. The caller never passes a value beyond the offsets it has committed, and may call this while
     * an append to the same partition is in flight; but for a replica copy (ADR 14) whose leader's log starts past
     * this one's end: the copy then continues from there, while nothing else appends.
     *
     * @return completes when the new log start offset is durable to the adapter's promise
     */
    CompletableFuture<Void> deleteBefore(TopicIdPartition partition, long newLogStartOffset);

    /**
     * Replaces stored batches by their cleaned versions (log compaction), atomically: after a crash either every
     * replacement of the call is there or none is. For each {@link CleanedBatch}, the stored batch with its base
     * offset is removed and, if there is one, its replacement (with the same base offset) stored instead. Afterwards:
     * <ul>
     *   <li>{@link #read} returns the replacements, and across the gaps the removed batches leave returns the next
     *       batch stored; offsets never change;</li>
     *   <li>{@link #open} returns the same log start offset, log end offset, producer states and applied log index
     *       as before: the first batch of a log may go, the log start offset stays;</li>
     *   <li>an aborted transaction whose marker (its last offset) is the base offset of a batch removed by the call,
     *       or replaced by a control batch without records ({@link CleanedBatch#leavesNoMarker}), is gone from what
     *       {@link #open} returns, in the same atomic change; the others stay;</li>
     *   <li>a batch no longer stored, or wholly below the log start offset (retention may have moved it meanwhile),
     *       is left as it is.</li>
     * </ul>
     * The caller never names a batch of the last segment of the log, so appends in flight are not disturbed; a read
     * running at the same time sees each batch either as it was or as cleaned.
     *
     * @param cleaned the cleaned batches, in offset order
     * @return completes when the replacement is durable to the adapter's promise; a store with a limit on its room
     *         fails it with a {@link io.hexalog.domain.error.StorageFullException} when the replacements do not fit,
     *         and then changes nothing
     */
    CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned);

    /**
     * Completes a partition copied from another broker's replica (a cluster node that lost its data, ADR 14): its
     * batches were appended already, as they are stored there, with no producer states and no log index. This
     * records the rest of what {@link #open} returns, atomically: the log start offset (moved forward only), the
     * producer states (replacing those stored), the aborted transactions (replacing those stored) and the log index.
     * Afterwards {@link #open} returns {@code copied}, but for its log end offset, which the batches decide.
     *
     * @return completes when the state is durable to the adapter's promise
     */
    CompletableFuture<Void> completeCopy(TopicIdPartition partition, StoredLogState copied);

    /**
     * Whether appends are stored again, asked after a failed append before taking a partition back online.
     * A store that never refuses writes answers true at once. Never blocks the caller.
     *
     * @return completes with true if an append made now would be stored (as far as the store can tell before
     *         trying); never completes exceptionally
     */
    CompletableFuture<Boolean> checkWritable();

    /**
     * Makes every append, deletion and rewrite completed before the call survive a crash of the machine (a power
     * cut), whatever the store's fsync policy: asked by a replicated log before it takes a snapshot that lets it
     * forget the commands those writes applied. A store that keeps nothing across a restart, or forces every write
     * already, completes at once. Never blocks the caller.
     *
     * @return completes once forced; fails with a {@link io.hexalog.domain.error.KafkaStorageException} if the
     *         store could not force its writes
     */
    CompletableFuture<Void> sync();

    /**
     * Removes every partition log, producer state and aborted transaction of the topic. Reads afterwards find
     * nothing.
     */
    CompletableFuture<Void> deleteTopic(TopicId topicId);

    /**
     * The bytes the partition's log takes in the store, as DescribeLogDirs reports a partition's size: for a
     * store in memory the bytes of the batches it holds, exactly; for a persistent store an estimate of the room
     * its batches take, read from the store's own bookkeeping without scanning the batches (recent appends and
     * deletions may show only once the store has flushed or compacted them).
     *
     * @return completes with 0 for a partition never appended to, and with a positive size once a batch of it
     *         is stored; appends to other partitions never change it
     */
    CompletableFuture<Long> sizeInBytes(TopicIdPartition partition);

    /** Where the store keeps its logs and how much room is left there. Never blocks the caller for long. */
    LogDirectory logDirectory();

    /**
     * How much of the memory the store lends to the slices {@link #read} returns is taken now, for metrics. Bytes
     * in use are those of slices not yet released: once every slice read has been released they are 0, whatever
     * was read before. A store whose slices own no memory answers {@link ReadBufferUsage#NONE}. Cheap, never
     * blocks, callable from any thread.
     */
    ReadBufferUsage readBufferUsage();
}
