package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RocksDB broker whose read pool ({@code log.rocksdb.read.pool.bytes}) is one 4 MiB buffer, holding some 10 MB of
 * large records. {@code GET /metrics} shows that the real Java consumer's fetches leave the pool untouched (they are
 * sent from the segment files as they lie there), and that a read that looks at the batches, the admin HTTP API's
 * record browser, reads them into the pool's buffer and gives everything back once its pages are answered: paging
 * two records at a time, each page one fetch of 1 MiB that the buffer holds, none of it goes to the heap.
 */
@Timeout(120)
class ReadPoolMetricsEndToEndTest {

    private static final long POOL_BYTES = 4L << 20;
    private static final int RECORDS = 20;
    /** Each in a batch of its own: 20 batches of about half a megabyte, some 10 MB, more than the pool holds. */
    private static final String VALUE = "v".repeat(500_000);
    /** Two records, two batches: what one fetch of the record browser (1 MiB) returns. */
    private static final int RECORDS_PER_PAGE = 2;
    private static final Map<String, String> NO_LABELS = Map.of();

    private RunningBroker broker;
    private InetSocketAddress http;

    @BeforeEach
    void startBroker() throws Exception {
        broker = RunningBroker.start(StorageKind.ROCKSDB,
                config -> config.withHttp(ServerConfig.Http.loopback()).withReadPoolBytes(POOL_BYTES));
        http = broker.broker().httpAddress().orElseThrow();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void shouldSendAConsumersFetchesFromTheFilesLeavingTheReadPoolUntouched() throws Exception {
        // given
        produceLargeRecords("large");
        PrometheusText before = scrape();

        // when a consumer reads it all, in fetches larger than the pool
        int consumed = consumeEverything("large");
        PrometheusText after = eventuallyNothingInUse();

        // then
        assertThat(consumed).isEqualTo(RECORDS);
        assertThat(before.value("hexalog_log_readpool_capacity_bytes", NO_LABELS)).isEqualTo(POOL_BYTES);
        assertThat(before.value("hexalog_log_readpool_allocated_buffers", NO_LABELS)).isZero();
        assertThat(before.value("hexalog_log_readpool_heap_fallbacks_total", NO_LABELS)).isZero();
        assertThat(after.value("hexalog_log_readpool_capacity_bytes", NO_LABELS)).isEqualTo(POOL_BYTES);
        assertThat(after.value("hexalog_log_readpool_allocated_buffers", NO_LABELS)).isZero();
        assertThat(after.value("hexalog_log_readpool_heap_fallbacks_total", NO_LABELS)).isZero();
        assertThat(after.value("hexalog_log_readpool_used_buffers", NO_LABELS)).isZero();
        assertThat(broker.broker().storageReadBytesLent()).isZero();
    }

    @Test
    void shouldReadTheBatchesTheRecordBrowserLooksAtIntoTheReadPoolAndGiveItAllBack() throws Exception {
        // given
        produceLargeRecords("large");
        AdminHttp admin = new AdminHttp(http);
        String cluster = "/v3/clusters/" + admin.valid(admin.get("/v3/clusters"), 200, "ClusterDataList")
                .at("/data/0/cluster_id").asText();
        PrometheusText before = scrape();

        // when the admin HTTP API shows every record, a page of two at a time, reading the batches to decode them
        List<JsonNode> shown = browseEverything(admin,
                cluster + "/topics/large/partitions/0/records?offset=0&max_records=" + RECORDS_PER_PAGE);
        PrometheusText after = eventuallyNothingInUse();

        // then
        assertThat(shown).extracting(record -> record.get("offset").asLong())
                .containsExactlyElementsOf(LongStream.range(0, RECORDS).boxed().toList());
        assertThat(shown).extracting(record -> record.at("/value/data").asText().length()).containsOnly(VALUE.length());
        assertThat(before.value("hexalog_log_readpool_allocated_buffers", NO_LABELS)).isZero();
        assertThat(after.value("hexalog_log_readpool_capacity_bytes", NO_LABELS)).isEqualTo(POOL_BYTES);
        assertThat(after.value("hexalog_log_readpool_allocated_buffers", NO_LABELS)).isEqualTo(1);
        assertThat(after.value("hexalog_log_readpool_heap_fallbacks_total", NO_LABELS)).isZero();
        assertThat(after.value("hexalog_log_readpool_used_buffers", NO_LABELS)).isZero();
        assertThat(broker.broker().storageReadBytesLent()).isZero();
    }

    private void produceLargeRecords(String topic) throws Exception {
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, VALUE));
            }
        }
    }

    private int consumeEverything(String topic) {
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 << 20))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < RECORDS && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return consumed;
    }

    /** The records of every page from {@code firstPage} on, following each page's link to the next. */
    private List<JsonNode> browseEverything(AdminHttp admin, String firstPage) throws Exception {
        List<JsonNode> shown = new ArrayList<>();
        String page = firstPage;
        while (shown.size() < RECORDS) {
            JsonNode answer = admin.valid(admin.get(page), 200, "RecordDataList");
            assertThat(answer.get("data")).as("page %s", page).isNotEmpty();
            answer.get("data").forEach(shown::add);
            page = answer.at("/metadata/next").asText().replace(admin.baseUrl(), "");
        }
        return shown;
    }

    /** The metrics once the responses in flight when the reader left have been written or dropped. */
    private PrometheusText eventuallyNothingInUse() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PrometheusText metrics = scrape();
        while (metrics.value("hexalog_log_readpool_used_bytes", NO_LABELS) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = scrape();
        }
        assertThat(metrics.value("hexalog_log_readpool_used_bytes", NO_LABELS)).isZero();
        return metrics;
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + http.getHostString() + ":" + http.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }
}
