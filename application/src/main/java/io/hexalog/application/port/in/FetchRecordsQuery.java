package io.hexalog.application.port.in;

import java.util.concurrent.CompletableFuture;

/** Reads stored batches for consumers, waiting for data when asked to (long polling). */
public interface FetchRecordsQuery {

    /**
     * Reads the requested partitions. If fewer than {@code minBytes} are available the fetch waits, without
     * holding a thread, until appends bring enough or {@code maxWait} passes, and then reads again.
     * Per-partition failures are reported in the result, never as a failed future.
     */
    CompletableFuture<FetchResult> fetch(FetchParams query);
}
