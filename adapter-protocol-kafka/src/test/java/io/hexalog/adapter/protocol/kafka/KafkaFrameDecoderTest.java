package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaFrameDecoderTest {

    private static final short API_VERSIONS_V3 = 3;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @AfterEach
    void closeConnection() {
        connection.close();
    }

    @Test
    void shouldReassembleFrameSplitAcrossSeveralWrites() {
        // given
        RequestHeader header = KafkaWire.header(apiVersionsRequest(), API_VERSIONS_V3, 42);
        ByteBuf frame = KafkaWire.frame(header, apiVersionsRequest());
        int length = frame.readableBytes();

        // when
        connection.sendBytes(frame.readRetainedSlice(2));
        connection.sendBytes(frame.readRetainedSlice(5));
        boolean answeredEarly = !connection.hasNoResponse();
        connection.sendBytes(frame.readRetainedSlice(length - 7));
        frame.release();

        // then
        assertThat(answeredEarly).isFalse();
        ByteBuf response = connection.receiveFrame();
        ApiVersionsResponse parsed = (ApiVersionsResponse) KafkaWire.parseResponse(response, header);
        response.release();
        assertThat(parsed.data().errorCode()).isZero();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldAnswerEachOfTwoFramesArrivingInOneWrite() {
        // given
        RequestHeader first = KafkaWire.header(apiVersionsRequest(), API_VERSIONS_V3, 7);
        RequestHeader second = KafkaWire.header(apiVersionsRequest(), API_VERSIONS_V3, 8);

        // when
        connection.sendBytes(Unpooled.wrappedBuffer(
                KafkaWire.frame(first, apiVersionsRequest()), KafkaWire.frame(second, apiVersionsRequest())));

        // then
        ByteBuf firstResponse = connection.receiveFrame();
        ByteBuf secondResponse = connection.receiveFrame();
        assertThat(KafkaWire.parseResponse(firstResponse, first)).isInstanceOf(ApiVersionsResponse.class);
        assertThat(KafkaWire.parseResponse(secondResponse, second)).isInstanceOf(ApiVersionsResponse.class);
        firstResponse.release();
        secondResponse.release();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnNegativeSize() {
        // when
        connection.sendBytes(Unpooled.wrappedBuffer(KafkaWire.sizePrefix(-1), validFrame()));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnOversizedFrame() {
        // when
        connection.sendBytes(Unpooled.wrappedBuffer(
                KafkaWire.sizePrefix(EmbeddedBroker.MAX_REQUEST_BYTES + 1), validFrame()));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnOversizedFrameBeforeItsBodyArrives() {
        // when
        connection.sendBytes(KafkaWire.sizePrefix(Integer.MAX_VALUE));

        // then
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void shouldWaitForTheRestOfAFrameOfExactlyMaxRequestBytes() {
        // when
        connection.sendBytes(KafkaWire.sizePrefix(EmbeddedBroker.MAX_REQUEST_BYTES));

        // then
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    private static ByteBuf validFrame() {
        return KafkaWire.frame(KafkaWire.header(apiVersionsRequest(), API_VERSIONS_V3, 1), apiVersionsRequest());
    }

    private static ApiVersionsRequestData apiVersionsRequest() {
        return new ApiVersionsRequestData().setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
    }
}
