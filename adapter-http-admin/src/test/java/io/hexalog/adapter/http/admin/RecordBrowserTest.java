package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The record browser reads through the same fetch as a consumer, and gives back what each fetch read. */
class RecordBrowserTest {

    private static final TopicIdPartition PARTITION =
            new TopicIdPartition(TopicId.random(), TopicName.of("orders"), 0);

    private final LendingFetch fetch = new LendingFetch();
    private final ListOffsetsQuery earliestIsZero = (partition, spec, isolation) ->
            CompletableFuture.completedFuture(Optional.of(new ListedOffset(0, OptionalLong.empty(), 0)));
    private final RecordBrowser browser = new RecordBrowser(fetch, earliestIsZero);

    @Test
    void shouldReleaseEveryFetchItReadsOnceItHasCopiedTheRecords() {
        List<LogRecord> page = browser.fromOffset(PARTITION, 0, 10).join();

        assertThat(page).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactly("a", "b", "c");
        assertThat(fetch.fetches).isEqualTo(3);
        assertThat(fetch.released).isEqualTo(3);
    }

    /** A log of three one-record batches at offsets 0, 1 and 2, each fetch returning one in a slice it counts. */
    private static final class LendingFetch implements FetchRecordsQuery {

        private final List<RecordBatch> log = new ArrayList<>();
        int fetches;
        int released;

        LendingFetch() {
            for (String value : List.of("a", "b", "c")) {
                RecordBatch batch = RecordBatchWriter.write(List.of(new RecordBatchWriter.Entry(1_000L,
                        null, value.getBytes(StandardCharsets.UTF_8), List.of())));
                batch.assignBaseOffset(log.size());
                log.add(batch);
            }
        }

        @Override
        public CompletableFuture<FetchResult> fetch(FetchParams query) {
            fetches++;
            int offset = (int) query.partitions().get(0).fetchOffset();
            LogSlice slice = new LogSlice(log.subList(offset, offset + 1), () -> released++);
            return CompletableFuture.completedFuture(new FetchResult(List.of(
                    new FetchResult.PartitionData.Read(PARTITION, log.size(), log.size(), 0, slice))));
        }
    }
}
