package io.hexalog.application.port.in;

import java.util.concurrent.CompletableFuture;

/** Appends a producer's record batches to a partition: the heart of a Produce request. */
public interface ProduceUseCase {

    /**
     * Validates the batches (format, CRC-32C, size, idempotent-producer sequence), assigns them offsets and
     * stores them.
     *
     * @return completes with the offsets once the batches are stored; completes exceptionally with a
     *         {@link io.hexalog.domain.error.HexalogException} naming what was wrong; nothing is stored then
     */
    CompletableFuture<AppendResult> append(AppendRecordsCommand command);
}
