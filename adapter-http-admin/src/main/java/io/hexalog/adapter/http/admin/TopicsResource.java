package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.topic.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.function.Supplier;

/** {@code .../topics}: list, create, describe, grow and delete topics. */
final class TopicsResource implements Resource {

    private static final String TOPICS = "/v3/clusters/{cluster_id}/topics";

    private final ClusterScope scope;
    private final HttpAdminAdapter.UseCases useCases;
    private final RequestBodies bodies;

    TopicsResource(ClusterScope scope, HttpAdminAdapter.UseCases useCases, RequestBodies bodies) {
        this.scope = scope;
        this.useCases = useCases;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(TOPICS, this::list);
        routes.post(TOPICS, this::create);
        routes.get(TOPICS + "/{topic_name}", this::get);
        routes.patch(TOPICS + "/{topic_name}", this::grow);
        routes.delete(TOPICS + "/{topic_name}", this::delete);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        ctx.json(ResourceList.of("KafkaTopicList", links.cluster("topics"), useCases.topics().listTopics().stream()
                .map(topic -> data(links, topic))
                .toList()));
    }

    /** 201 with the topic once created; 200 with the topic it would be, for {@code validate_only}. */
    private void create(Context ctx) {
        Links links = scope.cluster(ctx);
        CreateTopicRequest request = bodies.read(ctx, CreateTopicRequest.class);
        CreateTopicCommand command = refusedAsBadRequest(request::toCommand);
        Answers.json(ctx, useCases.createTopic().createTopic(command), command.validateOnly() ? 200 : 201,
                topic -> data(links, topic));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        ctx.json(data(links, scope.topic(ctx)));
    }

    /** Only growing is possible: Kafka never removes partitions. */
    private void grow(Context ctx) {
        Links links = scope.cluster(ctx);
        Topic topic = scope.topic(ctx);
        PartitionCountRequest request = bodies.read(ctx, PartitionCountRequest.class);
        CreatePartitionsCommand command = refusedAsBadRequest(
                () -> new CreatePartitionsCommand(topic.name(), request.partitionsCount(), false));
        Answers.json(ctx, useCases.createPartitions().createPartitions(command), 200, grown -> data(links, grown));
    }

    private void delete(Context ctx) {
        scope.cluster(ctx);
        Answers.noContent(ctx, useCases.deleteTopic().deleteTopic(scope.topic(ctx).name()));
    }

    private TopicData data(Links links, Topic topic) {
        DescribeClusterQuery cluster = useCases.cluster();
        int replicationFactor = cluster.leadership(topic.partition(0)).replicas().size();
        return TopicData.of(links, cluster.clusterId(), topic, replicationFactor);
    }

    /** A command that cannot be built is one Kafka would refuse: Confluent's 40002. */
    static <T> T refusedAsBadRequest(Supplier<T> command) {
        try {
            return command.get();
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ApiException.KAFKA_BAD_REQUEST, e.getMessage());
        }
    }
}
