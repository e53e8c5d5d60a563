package io.hexalog.domain.transaction;

import java.util.Optional;

/**
 * Kafka's {@code transaction.version} feature (KIP-890): the transaction protocol a broker serves, and the one a
 * client spoke when it last changed a transaction. The coordinator records the client's in the transaction's
 * metadata, as Kafka does, so that a transaction begun by an older client keeps that client's rules.
 * Clients treat every level below 2 alike: they add partitions and groups themselves and keep their epoch.
 */
public enum TransactionVersion {

    /** The original protocol (KIP-98): what clients speak with EndTxn v0-4 and AddPartitionsToTxn v0-3. */
    TV_0(0),

    /** Flexible records in Kafka's own transaction log; for clients, the same protocol as {@link #TV_0}. */
    TV_1(1),

    /**
     * Every EndTxn bumps the producer's epoch, and a partition's leader adds the partition (Produce v12) and a
     * group's coordinator adds the group (TxnOffsetCommit v5) to the transaction: what EndTxn v5 and
     * AddPartitionsToTxn v4+ (not only verifying) speak.
     */
    TV_2(2);

    /** The feature's name in ApiVersions' SupportedFeatures and FinalizedFeatures. */
    public static final String FEATURE_NAME = "transaction.version";

    private final short level;

    TransactionVersion(int level) {
        this.level = (short) level;
    }

    /** The feature level, as ApiVersions reports it. */
    public short level() {
        return level;
    }

    /** Whether every EndTxn bumps the producer's epoch, and partitions and groups are added by the brokers. */
    public boolean supportsEpochBump() {
        return this == TV_2;
    }

    /** The version of a feature level, if it is one. */
    public static Optional<TransactionVersion> ofLevel(int level) {
        for (TransactionVersion version : values()) {
            if (version.level == level) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
