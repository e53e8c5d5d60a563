package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeleteTopicsHandlerTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldDeleteTopicByNameAndItsData() {
        // given
        broker.createTopic("doomed", 1);
        Uuid id = broker.topicId("doomed");
        connection.call((short) 9, KafkaWire.produce((short) 1, "doomed", 0, KafkaWire.records("gone")));

        // when
        DeleteTopicsResponse response = connection.call((short) 5,
                new DeleteTopicsRequestData().setTopicNames(List.of("doomed")).setTimeoutMs(1_000));

        // then
        DeletableTopicResult result = response.data().responses().find("doomed");
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topicNames()).isEmpty();
        FetchResponse fetched = connection.call((short) 17, KafkaWire.fetch(null, id, 0, 0));
        assertThat(fetched.data().responses().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void shouldDeleteTopicByIdInVersionSix() {
        // given
        broker.createTopic("doomed", 1);
        Uuid id = broker.topicId("doomed");
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(new DeleteTopicState().setName(null).setTopicId(id));

        // when
        DeleteTopicsResponse response = connection.call((short) 6, request);

        // then
        DeletableTopicResult result = response.data().responses().iterator().next();
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.name()).isEqualTo("doomed");
        assertThat(result.topicId()).isEqualTo(id);
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldAnswerUnknownTopicNameWithUnknownTopicOrPartition() {
        // when
        DeleteTopicsResponse response = connection.call((short) 5,
                new DeleteTopicsRequestData().setTopicNames(List.of("ghost")).setTimeoutMs(1_000));

        // then
        assertThat(response.data().responses().find("ghost").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldAnswerUnknownTopicIdWithUnknownTopicId() {
        // given
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(new DeleteTopicState().setName(null).setTopicId(Uuid.randomUuid()));

        // when
        DeleteTopicsResponse response = connection.call((short) 6, request);

        // then
        assertThat(response.data().responses().iterator().next().errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }
}
