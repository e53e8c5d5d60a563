package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.log.MessageSizePolicy;
import io.netty.handler.codec.DecoderException;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_GENERATION;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.commit;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link Error} met while serving is not a Kafka error code: the listener reports it as fatal (the broker
 * exits) and closes the connection unanswered, so that no broker keeps running without the memory or the
 * threads to serve.
 */
class FatalErrorTest {

    private static final short COMMIT_V9 = 9;

    @Test
    void shouldReportAnErrorFromStorageAsFatalInsteadOfAnsweringWithAnErrorCode() {
        // given committed offsets are kept in a store that runs out of memory
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT),
                new OutOfMemoryOffsetStore(), Runnable::run);
        broker.createTopic("orders", 1);
        EmbeddedBroker.Connection connection = broker.connect();

        // when a client commits offsets
        connection.send(COMMIT_V9, commit("billing", NO_MEMBER_ID, NO_GENERATION, offsets("orders", 5)));

        // then the error is reported, and the client gets no UNKNOWN_SERVER_ERROR to retry against
        assertThat(broker.fatalErrors().causes()).singleElement().satisfies(cause ->
                assertThat(cause).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space"));
        assertThat(broker.fatalErrors().reports().get(0).what()).isEqualTo("serving OffsetCommit");
        assertThat(connection.hasNoResponse()).isTrue();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void shouldStillAnswerAStorageFailureThatIsNotAnErrorWithItsErrorCode() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        EmbeddedBroker.Connection connection = broker.connect();

        // when offsets are committed for a topic that does not exist
        OffsetCommitResponse response = connection.call(COMMIT_V9,
                commit("billing", NO_MEMBER_ID, NO_GENERATION, offsets("missing", 5)));

        // then
        OffsetCommitResponseData.OffsetCommitResponsePartition partition =
                response.data().topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(broker.fatalErrors().reports()).isEmpty();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldReportAnErrorThatReachesTheConnectionWrappedByNetty() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        EmbeddedBroker.Connection connection = broker.connect();
        OutOfMemoryError error = new OutOfMemoryError("Direct buffer memory");

        // when
        connection.fail(new DecoderException(error));

        // then
        assertThat(broker.fatalErrors().causes()).containsExactly(error);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void shouldCloseAConnectionThatFailsWithAnExceptionWithoutReportingItAsFatal() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        EmbeddedBroker.Connection connection = broker.connect();

        // when
        connection.fail(new IOException("Connection reset by peer"));

        // then
        assertThat(broker.fatalErrors().reports()).isEmpty();
        assertThat(connection.isOpen()).isFalse();
    }
}
