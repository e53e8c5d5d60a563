package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The leader of a partition on another broker of a cluster, asked what a Kafka client would ask it (ListOffsets,
 * Produce, Fetch), for the driving adapters of this broker that are not Kafka clients (the admin HTTP API): a Kafka
 * client asks the leader itself. Kafka's REST proxy reaches Kafka's brokers the same way.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Never blocks the caller: the future completes on the adapter's threads.</li>
 *   <li>A call that reaches the broker completes as it answers: an offset; empty where a lookup by time finds no
 *       record; its error as the {@link io.hexalog.domain.error.HexalogException} of that Kafka error
 *       (NOT_LEADER_OR_FOLLOWER, where it no longer leads, as a
 *       {@link io.hexalog.domain.error.NotLeaderOrFollowerException}; UNKNOWN_TOPIC_OR_PARTITION as an
 *       {@link io.hexalog.domain.error.UnknownTopicOrPartitionException}).</li>
 *   <li>A call that cannot reach it (no connection, or no answer within the adapter's request timeout) fails with
 *       a {@link io.hexalog.domain.error.NotLeaderOrFollowerException} too: the caller may ask again once the
 *       cluster names a leader it can reach.</li>
 * </ul>
 */
public interface RemotePartitionLeader {

    /** ListOffsets' timestamp for the log start offset. */
    long EARLIEST_TIMESTAMP = -2L;
    /** ListOffsets' timestamp for the high watermark, or the last stable offset for read-committed readers. */
    long LATEST_TIMESTAMP = -1L;
    /** ListOffsets' timestamp for the record with the greatest timestamp (KIP-734). */
    long MAX_TIMESTAMP = -3L;

    /**
     * Looks an offset up on the partition's leader.
     *
     * @param leader        the broker the cluster names as the partition's leader
     * @param timestamp     a record timestamp, not negative, or one of the special timestamps above
     * @param readCommitted whether the latest offset is the last stable offset rather than the high watermark
     * @return completes with the offset found, or empty where a lookup by time finds no record
     */
    CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition, long timestamp,
                                                   boolean readCommitted);

    /**
     * Appends the batches on the leader as an idempotence-free acks=all producer would (Produce).
     *
     * @return completes with where the leader appended them; fails with the leader's error, nothing appended then
     */
    CompletableFuture<Appended> produce(BrokerNode leader, TopicPartition partition, List<RecordBatch> batches);

    /**
     * Reads the partition on the leader as a read-uncommitted consumer would (Fetch), waiting there up to
     * {@code maxWait} for at least {@code minBytes}. (A read-committed reader needs the offsets of the abort markers,
     * which Fetch does not carry: it finds them in the records, as Kafka's consumer does.)
     *
     * @return completes with what the leader read, its batches in memory the caller need not release; fails with
     *         the leader's error for the partition (OFFSET_OUT_OF_RANGE as an
     *         {@link io.hexalog.domain.error.OffsetOutOfRangeException}, ...)
     */
    CompletableFuture<Read> fetch(BrokerNode leader, TopicPartition partition, long fetchOffset, int maxBytes,
                                  Duration maxWait, int minBytes);

    /** Where the leader appended a producer's batches: as {@code AppendResult} says on this broker. */
    record Appended(long baseOffset, OptionalLong logAppendTime, long logStartOffset) {
    }

    /** What the leader read: its high watermark, last stable offset and log start offset, and the whole batches. */
    record Read(long highWatermark, long lastStableOffset, long logStartOffset, List<RecordBatch> batches) {
        public Read {
            batches = List.copyOf(batches);
        }
    }

    /**
     * An offset the leader found.
     *
     * @param timestamp   the timestamp of the record found by a lookup by time; empty otherwise
     * @param leaderEpoch the partition's leader epoch on the leader
     */
    record Offset(long offset, OptionalLong timestamp, int leaderEpoch) {
    }
}
