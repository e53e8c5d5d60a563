package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;

import java.util.List;

/**
 * OffsetFetch: {@code group=billing orders[0,1] | <- orders[0]=42 NONE orders[1]=-1 NONE}; {@code -1} is
 * "nothing committed". Versions 8 and later ask for several groups at once, each shown the same way.
 */
final class OffsetFetchSummary implements ApiSummary<OffsetFetchRequestData, OffsetFetchResponseData> {

    @Override
    public void request(OffsetFetchRequestData request, short version, TraceText text) {
        if (request.requireStable()) {
            text.add("require_stable");
        }
        if (request.groups().isEmpty()) {
            text.field("group", request.groupId());
            if (request.topics() == null) {
                text.add("topics=all");
            } else {
                request.topics().forEach(topic -> text.add(partitions(topic.name(), topic.partitionIndexes())));
            }
            return;
        }
        request.groups().forEach(group -> {
            text.field("group", group.groupId());
            if (group.memberId() != null) {
                text.field("member", group.memberId()).field("epoch", group.memberEpoch());
            }
            if (group.topics() == null) {
                text.add("topics=all");
            } else {
                group.topics().forEach(topic -> text.add(
                        partitions(text.topic(topic.name(), topic.topicId()), topic.partitionIndexes())));
            }
        });
    }

    @Override
    public void response(OffsetFetchResponseData response, short version, TraceText text) {
        if (response.groups().isEmpty()) {
            text.errorIfAny(response.errorCode());
            response.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                    .add(text.partition(topic.name(), null, partition.partitionIndex()) + "="
                            + partition.committedOffset())
                    .error(partition.errorCode())));
            return;
        }
        response.groups().forEach(group -> {
            text.field("group", group.groupId()).error(group.errorCode());
            group.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                    .add(text.partition(topic.name(), topic.topicId(), partition.partitionIndex()) + "="
                            + partition.committedOffset())
                    .error(partition.errorCode())));
        });
    }

    /** {@code orders[0,1]} */
    private static String partitions(String topic, List<Integer> partitions) {
        StringBuilder shown = new StringBuilder(topic).append('[');
        for (int i = 0; i < partitions.size(); i++) {
            shown.append(i == 0 ? "" : ",").append(partitions.get(i));
        }
        return shown.append(']').toString();
    }
}
