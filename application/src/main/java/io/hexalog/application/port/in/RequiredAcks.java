package io.hexalog.application.port.in;

/**
 * When a producer is told its batches are appended: Kafka's {@code acks}.
 *
 * <p>On a single broker both mean the same: the batches are stored when the producer is told. In a cluster the
 * partition's leader places the batches in its replicated log, a majority of the partition's replicas then hold
 * them (the commit), and every replica applies them, which is when their offsets are assigned.
 */
public enum RequiredAcks {

    /**
     * {@code acks=1}: once the leader has placed the batches in its own log. A leader that dies before a majority
     * holds them loses them, as a Kafka leader that dies before its followers fetched them does.
     */
    LEADER,

    /**
     * {@code acks=all}: once the batches are committed and applied. Refused with NOT_ENOUGH_REPLICAS while fewer of
     * the partition's replicas are in sync than its topic's {@code min.insync.replicas} asks for.
     */
    ALL,

    /** {@code acks=0}: never answered. The batches are placed as for {@code acks=all}, whatever is in sync. */
    NONE
}
