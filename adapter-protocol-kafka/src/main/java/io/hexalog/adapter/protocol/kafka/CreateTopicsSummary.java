package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics: {@code orders(partitions=3,rf=1,configs=1) | <- orders NONE partitions=3}; {@code -1} asks
 * for the broker's default.
 */
final class CreateTopicsSummary implements ApiSummary<CreateTopicsRequestData, CreateTopicsResponseData> {

    @Override
    public void request(CreateTopicsRequestData request, short version, TraceText text) {
        if (request.validateOnly()) {
            text.add("validate_only");
        }
        request.topics().forEach(topic -> text.add(TraceText.shown(topic.name())
                + "(partitions=" + topic.numPartitions() + ",rf=" + topic.replicationFactor()
                + (topic.configs().isEmpty() ? "" : ",configs=" + topic.configs().size()) + ")"));
    }

    @Override
    public void response(CreateTopicsResponseData response, short version, TraceText text) {
        response.topics().forEach(topic -> {
            text.add(TraceText.shown(topic.name())).error(topic.errorCode());
            if (topic.errorCode() == Errors.NONE.code()) {
                text.field("partitions", topic.numPartitions());
            }
        });
    }
}
