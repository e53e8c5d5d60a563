package io.hexalog.domain.compaction;

import java.util.Objects;

/**
 * What the cleaner does with a batch as a whole, before looking at its records (Kafka's {@code BatchRetentionResult}).
 *
 * @param retention            whether the batch goes, and whether it stays when emptied
 * @param dropRecords          whether every record of the batch goes whatever the rule would say of it: the records
 *                             of an aborted transaction, a transaction marker whose delete horizon has passed
 * @param markerWithoutData    whether the batch is a transaction marker none of whose transaction's data is left in
 *                             the log: the rewrite gives it a delete horizon if it has none, after which it goes
 */
public record BatchDecision(BatchRetention retention, boolean dropRecords, boolean markerWithoutData) {

    public BatchDecision {
        Objects.requireNonNull(retention, "retention");
    }
}
