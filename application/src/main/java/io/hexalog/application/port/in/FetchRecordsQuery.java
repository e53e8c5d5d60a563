package io.hexalog.application.port.in;

import java.util.concurrent.CompletableFuture;

/** Reads stored batches for consumers, waiting for data when asked to (long polling). */
public interface FetchRecordsQuery {

    /**
     * Reads the requested partitions. If fewer than {@code minBytes} are available the fetch waits, without
     * holding a thread, until appends bring enough or {@code maxWait} passes, and then reads again.
     * Per-partition failures are reported in the result, never as a failed future.
     *
     * <p>The records of the result may lie in memory lent by the store: the caller owns them and calls
     * {@link FetchResult#release} once done with them (for a response: once it has been written, or when it
     * will never be), also when it drops the result. The service releases every read it does not hand out.
     */
    CompletableFuture<FetchResult> fetch(FetchParams query);
}
