package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records: produce one or a batch ({@code .../topics/{topic_name}/records}, Confluent's), and the extensions
 * that read a partition's records and delete those before an offset.
 */
final class RecordsResource implements Resource {

    private static final String TOPIC = "/v3/clusters/{cluster_id}/topics/{topic_name}";
    private static final String PARTITION = TOPIC + "/partitions/{partition_id}";
    static final int DEFAULT_MAX_RECORDS = 20;
    static final int MAX_RECORDS = 1000;

    private final ClusterScope scope;
    private final RecordProducer producer;
    private final RecordBrowser browser;
    private final DeleteRecordsUseCase deleteRecords;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    RecordsResource(ClusterScope scope, RecordProducer producer, RecordBrowser browser,
                    HttpAdminAdapter.RecordUseCases useCases, RequestBodies bodies, ObjectMapper json) {
        this.scope = scope;
        this.producer = producer;
        this.browser = browser;
        this.deleteRecords = useCases.deleteRecords();
        this.bodies = bodies;
        this.json = json;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(TOPIC + "/records", this::produce);
        routes.post(TOPIC + "/records:batch", this::produceBatch);
        routes.get(PARTITION + "/records", this::read);
        routes.post(PARTITION + "/records:delete", this::delete);
    }

    private void produce(Context ctx) {
        String clusterId = clusterId(ctx);
        Topic topic = scope.topic(ctx);
        ProduceRecordRequest request = bodies.read(ctx, ProduceRecordRequest.class);
        Answers.json(ctx, produce(clusterId, topic, request), 200, produced -> produced);
    }

    /** 207: each entry answers for itself, as Confluent's batch does. */
    private void produceBatch(Context ctx) {
        String clusterId = clusterId(ctx);
        Topic topic = scope.topic(ctx);
        ProduceBatchRequest request = bodies.read(ctx, ProduceBatchRequest.class);
        List<ProduceBatchResponse.Success> successes = new ArrayList<>();
        List<ProduceBatchResponse.Failure> failures = new ArrayList<>();
        // One after the other, so that entries for the same partition keep their order.
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (ProduceBatchRequest.Entry entry : request.entries()) {
            all = all.thenCompose(ignored -> produceSafely(clusterId, topic, entry.record())
                    .handle((produced, failure) -> {
                        if (failure == null) {
                            successes.add(ProduceBatchResponse.Success.of(entry.id(), produced));
                        } else {
                            ApiException error = ApiErrors.toApiException(failure);
                            failures.add(new ProduceBatchResponse.Failure(entry.id(), error.errorCode(),
                                    error.getMessage()));
                        }
                        return null;
                    }));
        }
        Answers.json(ctx, all, 207, ignored -> new ProduceBatchResponse(successes, failures));
    }

    private CompletableFuture<ProduceResponse> produceSafely(String clusterId, Topic topic, ProduceRecordRequest request) {
        try {
            return produce(clusterId, topic, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<ProduceResponse> produce(String clusterId, Topic topic, ProduceRecordRequest request) {
        CompletableFuture<RecordProducer.Produced> produced;
        try {
            produced = producer.produce(topic, request, json);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return produced.thenApply(landed -> ProduceResponse.of(clusterId, topic.name().value(), landed));
    }

    /** Extension: {@code ?offset=N} or {@code ?timestamp=MS} (the log start when neither), {@code max_records=M}. */
    private void read(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = clusterId(ctx);
        Topic topic = scope.topic(ctx);
        int partition = scope.partition(ctx, topic);
        Long offset = QueryParams.nonNegativeLong(ctx, "offset");
        Long timestamp = QueryParams.nonNegativeLong(ctx, "timestamp");
        Long maxRecords = QueryParams.nonNegativeLong(ctx, "max_records");
        if (offset != null && timestamp != null) {
            throw ApiException.badRequest("Give offset or timestamp, not both");
        }
        if (maxRecords != null && (maxRecords < 1 || maxRecords > MAX_RECORDS)) {
            throw ApiException.badRequest("max_records must be between 1 and " + MAX_RECORDS + ", was " + maxRecords);
        }
        int pageSize = maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords.intValue();
        TopicIdPartition topicPartition = topic.partition(partition);
        CompletableFuture<List<LogRecord>> page = timestamp != null
                ? browser.fromTimestamp(topicPartition, timestamp, pageSize)
                : browser.fromOffset(topicPartition, offset == null ? 0L : offset, pageSize);
        String name = topic.name().value();
        String self = links.cluster("topics", name, "partitions", Integer.toString(partition), "records");
        Answers.json(ctx, page, 200, records -> new ResourceList<>("KafkaRecordList",
                new ResourceList.Metadata(ctx.fullUrl(), records.isEmpty() ? null
                        : self + "?offset=" + (records.get(records.size() - 1).offset() + 1) + "&max_records=" + pageSize),
                records.stream().map(record -> KafkaRecordData.of(clusterId, name, partition, record, json)).toList()));
    }

    /** Extension: {@code ?before_offset=N} deletes every record below N; -1 deletes up to the high watermark. */
    private void delete(Context ctx) {
        Links links = scope.cluster(ctx);
        String clusterId = clusterId(ctx);
        Topic topic = scope.topic(ctx);
        int partition = scope.partition(ctx, topic);
        String given = ctx.queryParam("before_offset");
        if (given == null) {
            throw ApiException.badRequest("before_offset is required");
        }
        long beforeOffset;
        try {
            beforeOffset = Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("before_offset must be an offset, was " + given);
        }
        String name = topic.name().value();
        String id = Integer.toString(partition);
        Answers.json(ctx, deleteRecords.deleteRecordsBefore(topic.partition(partition), beforeOffset), 200,
                lowWatermark -> new DeletedRecordsData("KafkaDeletedRecords",
                        new ResourceMetadata(links.cluster("topics", name, "partitions", id),
                                links.crn("topic=" + name, "partition=" + id)),
                        clusterId, name, partition, lowWatermark));
    }

    private String clusterId(Context ctx) {
        scope.cluster(ctx);
        return ctx.pathParam("cluster_id");
    }
}
