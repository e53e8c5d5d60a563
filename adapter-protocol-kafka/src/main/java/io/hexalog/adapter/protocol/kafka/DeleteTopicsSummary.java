package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;

/** DeleteTopics: {@code topics=orders,events | <- orders NONE events UNKNOWN_TOPIC_OR_PARTITION}. */
final class DeleteTopicsSummary implements ApiSummary<DeleteTopicsRequestData, DeleteTopicsResponseData> {

    @Override
    public void request(DeleteTopicsRequestData request, short version, TraceText text) {
        text.list("topics", request.topics().isEmpty()
                ? request.topicNames()
                : request.topics().stream().map(topic -> text.topic(topic.name(), topic.topicId())).toList());
    }

    @Override
    public void response(DeleteTopicsResponseData response, short version, TraceText text) {
        response.responses().forEach(topic -> text.add(text.topic(topic.name(), topic.topicId())).error(topic.errorCode()));
    }
}
