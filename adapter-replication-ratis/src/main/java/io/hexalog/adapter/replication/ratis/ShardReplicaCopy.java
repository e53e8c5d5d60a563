package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.ReplicaImage;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Copies a shard's partitions from the shard's leader to a member that lost its data or was away while the leader
 * purged what it lacks (ADR 14), so that the member follows the shard's log from where the leader stood instead of
 * from entries the leader no longer holds.
 *
 * <p>The member first asks where the leader's state machine stands (its last applied term and index, which the
 * member will answer Ratis with) and which partitions of the shard the leader hosts; then, partition by partition,
 * the partition's image ({@link ReplicaImage}: log start and end, producer states, aborted transactions, the log
 * index of its latest append) and the batches the member's partition lacks, in chunks, byte for byte: those after
 * its log end offset, since a member applies only agreed commands and so holds a prefix of the leader's partition,
 * or all the leader holds when its log starts past that. Each partition is copied as it is when
 * asked, at or after that index: the entries that follow it and that a partition holds already are skipped when
 * Ratis applies them, as a restart skips them. Every question is a read-only query that Ratis takes to the shard's
 * leader ({@link CommandStateMachine#query}); a member that came to lead the shard before it finished a copy asks a
 * member that follows it instead, which answers the same from what it has applied ({@link AnsweringMember}).
 */
final class ShardReplicaCopy {

    private static final Logger LOG = LoggerFactory.getLogger(ShardReplicaCopy.class);

    /** "HXRQ": a question about the leader's replicas of a shard. */
    private static final int QUESTION = 0x48585251;
    private static final byte STATE = 1;
    private static final byte IMAGE = 2;
    private static final byte BATCHES = 3;

    private ShardReplicaCopy() {
    }

    /** Whether {@code message} is a question of this copy, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length >= Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /**
     * Copies every partition of the shard that the leader hosts into this node's partitions, each from its log end.
     *
     * @param leader     the member asked: the shard's leader, or a member that follows this node where it leads
     * @param source     how the logs name that member
     * @param chunkBytes the most bytes of batches to ask for at a time
     * @param wait       how long to wait for this node to host a partition (its metadata may still be catching up)
     *                   and for each step of the copy
     * @param pace       the rate the batches are copied at, shared with the node's other shards
     * @param asker      this node's ID, which every question carries so that the leader knows who is copying
     * @return the leader's last applied term and index when the copy began, after which the member follows the log
     * @throws IOException if the leader cannot be asked, a partition here holds more than the leader's, or a step
     *                     fails
     */
    static TermIndex copy(AnsweringMember leader, String source, CopyReplicaUseCase replicas, int chunkBytes,
                          Duration wait, ReplicaCopyPace pace, int asker) throws IOException {
        DataInputStream state = input(leader.ask(question(STATE, asker, out -> { })));
        TermIndex resumeAfter = TermIndex.valueOf(state.readLong(), state.readLong());
        int count = state.readInt();
        List<TopicIdPartition> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(CommandCodec.readPartition(state));
        }
        for (TopicIdPartition partition : partitions) {
            try {
                copyPartition(leader, source, replicas, partition, pace.chunkBytes(chunkBytes), wait, pace, asker);
            } catch (UnknownTopicOrPartitionException deleted) {
                // deleted meanwhile, on the leader or here
            }
        }
        return resumeAfter;
    }

    private static void copyPartition(AnsweringMember leader, String source, CopyReplicaUseCase replicas,
                                      TopicIdPartition partition, int chunkBytes, Duration wait, ReplicaCopyPace pace,
                                      int asker) throws IOException {
        ReplicaImage image = readImage(input(leader.ask(question(IMAGE, asker,
                out -> CommandCodec.writePartition(out, partition)))));
        long first = await(replicas.prepareInstall(partition, image.logStartOffset()), wait);
        if (first > image.logEndOffset()) {
            throw new IOException("This node's replica of " + partition + " ends at offset " + first
                    + ", past that of " + source + ", at " + image.logEndOffset());
        }
        long next = first;
        long bytes = 0;
        while (next < image.logEndOffset()) {
            long from = next;
            List<RecordBatch> batches = readBatches(input(leader.ask(question(BATCHES, asker, out -> {
                CommandCodec.writePartition(out, partition);
                out.writeLong(from);
                out.writeLong(image.logEndOffset());
                out.writeInt(chunkBytes);
            }))));
            if (batches.isEmpty() || batches.get(batches.size() - 1).nextOffset() <= from) {
                throw new IOException("Of " + partition + ", " + source + " no longer holds offset " + from
                        + " (retention or the cleaner moved on during the copy)");
            }
            await(replicas.installBatches(partition, batches), wait);
            next = batches.get(batches.size() - 1).nextOffset();
            long chunk = batches.stream().mapToLong(RecordBatch::sizeInBytes).sum();
            bytes += chunk;
            pace.copied(chunk);
        }
        await(replicas.completeInstall(partition, image), wait);
        LOG.info("Copied {} from {}: offsets {} to {}, {} bytes of batches, {} producers", partition, source,
                first, image.logEndOffset(), bytes, image.producerStates().size());
    }

    /**
     * The leader's answer to {@code question}.
     *
     * @param applied    the leader's last applied term and index in the shard
     * @param partitions the partitions of the shard the leader hosts
     * @param asked      told the ID of the node that asks
     */
    static byte[] answer(byte[] question, TermIndex applied, List<TopicIdPartition> partitions,
                         CopyReplicaUseCase replicas, Duration wait, IntConsumer asked) throws IOException {
        DataInputStream in = input(question);
        if (in.readInt() != QUESTION) {
            throw new IOException("Not a question about a shard's replicas");
        }
        byte kind = in.readByte();
        asked.accept(in.readInt());
        if (kind == STATE) {
            return CommandCodec.write(out -> {
                out.writeLong(applied.getTerm());
                out.writeLong(applied.getIndex());
                out.writeInt(partitions.size());
                for (TopicIdPartition partition : partitions) {
                    CommandCodec.writePartition(out, partition);
                }
            });
        }
        TopicIdPartition partition = CommandCodec.readPartition(in);
        if (kind == IMAGE) {
            ReplicaImage image = await(replicas.image(partition), wait);
            return CommandCodec.write(out -> writeImage(out, image));
        }
        if (kind == BATCHES) {
            long from = in.readLong();
            long before = in.readLong();
            int maxBytes = in.readInt();
            List<RecordBatch> batches = await(replicas.batches(partition, from, before, maxBytes), wait);
            return CommandCodec.write(out -> {
                out.writeInt(batches.size());
                for (RecordBatch batch : batches) {
                    ByteBuffer bytes = batch.bytes();
                    out.writeInt(bytes.remaining());
                    out.write(CommandCodec.bytesOf(bytes));
                }
            });
        }
        throw new IOException("Unknown question about a shard's replicas: " + kind);
    }

    private static List<RecordBatch> readBatches(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<RecordBatch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            batches.add(RecordBatch.wrap(ByteBuffer.wrap(bytes)));
        }
        return batches;
    }

    private static void writeImage(DataOutputStream out, ReplicaImage image) throws IOException {
        out.writeLong(image.logStartOffset());
        out.writeLong(image.logEndOffset());
        out.writeLong(image.appliedLogIndex());
        out.writeInt(image.producerStates().size());
        for (ProducerStateEntry producer : image.producerStates()) {
            out.writeLong(producer.producerId());
            out.writeShort(producer.producerEpoch());
            out.writeInt(producer.batches().size());
            for (BatchMetadata batch : producer.batches()) {
                out.writeInt(batch.firstSequence());
                out.writeInt(batch.lastSequence());
                out.writeLong(batch.firstOffset());
                out.writeLong(batch.lastOffset());
            }
            out.writeInt(producer.coordinatorEpoch());
            out.writeLong(producer.currentTxnFirstOffset());
            out.writeLong(producer.lastTimestamp());
        }
        out.writeInt(image.abortedTransactions().size());
        for (AbortedTransaction aborted : image.abortedTransactions()) {
            out.writeLong(aborted.producerId());
            out.writeLong(aborted.firstOffset());
            out.writeLong(aborted.lastOffset());
        }
    }

    private static ReplicaImage readImage(DataInputStream in) throws IOException {
        long logStartOffset = in.readLong();
        long logEndOffset = in.readLong();
        long appliedLogIndex = in.readLong();
        int producerCount = in.readInt();
        List<ProducerStateEntry> producers = new ArrayList<>(producerCount);
        for (int i = 0; i < producerCount; i++) {
            long producerId = in.readLong();
            short epoch = in.readShort();
            int batchCount = in.readInt();
            List<BatchMetadata> batches = new ArrayList<>(batchCount);
            for (int b = 0; b < batchCount; b++) {
                batches.add(new BatchMetadata(in.readInt(), in.readInt(), in.readLong(), in.readLong()));
            }
            producers.add(new ProducerStateEntry(producerId, epoch, batches, in.readInt(), in.readLong(),
                    in.readLong()));
        }
        int abortedCount = in.readInt();
        List<AbortedTransaction> aborted = new ArrayList<>(abortedCount);
        for (int i = 0; i < abortedCount; i++) {
            aborted.add(new AbortedTransaction(in.readLong(), in.readLong(), in.readLong()));
        }
        return new ReplicaImage(logStartOffset, logEndOffset, producers, appliedLogIndex, aborted);
    }

    private static byte[] question(byte kind, int asker, CommandCodec.Writer arguments) {
        return CommandCodec.write(out -> {
            out.writeInt(QUESTION);
            out.writeByte(kind);
            out.writeInt(asker);
            arguments.write(out);
        });
    }


    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static <T> T await(CompletableFuture<T> future, Duration wait) throws IOException {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while copying a shard's replicas");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
                throw unknown;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("A step of copying a shard's replicas took more than " + wait.toSeconds() + " s");
        }
    }
}
