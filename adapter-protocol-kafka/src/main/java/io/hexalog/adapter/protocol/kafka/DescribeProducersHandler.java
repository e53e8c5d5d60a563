package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers (KIP-664): for each partition asked, the producers its leader keeps state for, each with where
 * its ongoing transaction began (-1 for none). A partition that does not exist gets UNKNOWN_TOPIC_OR_PARTITION, one
 * another broker leads NOT_LEADER_OR_FOLLOWER; Admin clients send the request to each partition's leader.
 */
final class DescribeProducersHandler
        extends AbstractApiHandler<DescribeProducersRequestData, DescribeProducersResponseData> {

    private final DescribeProducersQuery producers;
    private final TopicResolver topics;

    DescribeProducersHandler(DescribeProducersQuery producers, TopicResolver topics) {
        super(ApiKeys.DESCRIBE_PRODUCERS, 0, 0);
        this.producers = producers;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<DescribeProducersResponseData> handle(RequestContext context,
                                                                   DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        List<CompletableFuture<Void>> lookups = new ArrayList<>();
        for (DescribeProducersRequestData.TopicRequest requested : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(requested.name());
            response.topics().add(topicResponse);
            for (int index : requested.partitionIndexes()) {
                PartitionResponse partitionResponse = new PartitionResponse().setPartitionIndex(index);
                topicResponse.partitions().add(partitionResponse);
                lookups.add(Futures.attempt(() -> producers.describeProducers(partition(requested.name(), index)))
                        .handle((active, failure) -> {
                            if (failure != null) {
                                Errors error = ErrorMapping.toError(failure);
                                partitionResponse.setErrorCode(error.code()).setErrorMessage(error.message());
                            } else {
                                active.forEach(producer -> partitionResponse.activeProducers().add(describe(producer)));
                            }
                            return null;
                        }));
            }
        }
        return Futures.all(lookups).thenApply(ignored -> response);
    }

    private TopicIdPartition partition(String topicName, int index) {
        Topic topic = topics.resolve(false, topicName, null);
        if (!topic.hasPartition(index)) {
            throw new UnknownTopicOrPartitionException("Topic '" + topicName + "' has no partition " + index);
        }
        return topic.partition(index);
    }

    private static ProducerState describe(ActiveProducer producer) {
        return new ProducerState()
                .setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch())
                .setLastSequence(producer.lastSequence())
                .setLastTimestamp(producer.lastTimestamp())
                .setCoordinatorEpoch(producer.coordinatorEpoch())
                .setCurrentTxnStartOffset(producer.currentTxnStartOffset());
    }
}
