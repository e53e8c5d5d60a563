package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;

/**
 * Metadata: {@code topics=orders auto_create=true | <- brokers=1@myhost:9092 controller=1 orders NONE
 * partitions=3}. The brokers are the addresses clients are told to connect to: the first thing to check when
 * a client reaches the bootstrap server but nothing after it.
 */
final class MetadataSummary implements ApiSummary<MetadataRequestData, MetadataResponseData> {

    private static final short FIRST_VERSION_WITH_NULL_FOR_ALL_TOPICS = 1;
    private static final short FIRST_VERSION_WITH_AUTO_CREATE_FLAG = 4;

    @Override
    public void request(MetadataRequestData request, short version, TraceText text) {
        boolean allTopics = request.topics() == null
                || version < FIRST_VERSION_WITH_NULL_FOR_ALL_TOPICS && request.topics().isEmpty();
        if (allTopics) {
            text.add("topics=all");
        } else {
            text.list("topics", request.topics().stream().map(topic -> text.topic(topic.name(), topic.topicId())).toList());
        }
        if (version >= FIRST_VERSION_WITH_AUTO_CREATE_FLAG) {
            text.field("auto_create", request.allowAutoTopicCreation());
        }
    }

    @Override
    public void response(MetadataResponseData response, short version, TraceText text) {
        text.list("brokers", response.brokers().stream()
                .map(broker -> broker.nodeId() + "@" + broker.host() + ":" + broker.port()).toList());
        text.field("controller", response.controllerId());
        response.topics().forEach(topic -> text
                .add(text.topic(topic.name(), topic.topicId()))
                .error(topic.errorCode())
                .field("partitions", topic.partitions().size()));
    }
}
