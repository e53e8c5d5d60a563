package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ApiVersionsHandlerTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldAdvertiseEveryRegisteredApiWithExactlyItsHandlersRange() {
        // given
        Map<Short, String> expected = Arrays.stream(ApiKeys.values())
                .flatMap(key -> broker.handlers().find(key).stream())
                .collect(Collectors.toMap(handler -> handler.apiKey().id,
                        handler -> handler.advertisedMinVersion() + "-" + handler.maxVersion()));

        // when
        ApiVersionsResponse response = connection.call((short) 3, request());

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(advertised(response.data())).isEqualTo(expected);
        assertThat(expected).containsKeys(ApiKeys.API_VERSIONS.id, ApiKeys.PRODUCE.id, ApiKeys.FETCH.id,
                ApiKeys.METADATA.id, ApiKeys.LIST_OFFSETS.id, ApiKeys.INIT_PRODUCER_ID.id, ApiKeys.CREATE_TOPICS.id,
                ApiKeys.DELETE_TOPICS.id, ApiKeys.DESCRIBE_CLUSTER.id);
        assertThat(expected).as("a single broker replicates no metadata log, so has no quorum to describe")
                .doesNotContainKey(ApiKeys.DESCRIBE_QUORUM.id);
    }

    @Test
    void shouldAdvertiseProduceFromVersionZeroAndFetchFromVersionFour() {
        // when
        ApiVersionsResponse response = connection.call((short) 3, request());

        // then
        ApiVersion produce = response.data().apiKeys().find(ApiKeys.PRODUCE.id);
        ApiVersion fetch = response.data().apiKeys().find(ApiKeys.FETCH.id);
        assertThat(produce.minVersion()).isZero();
        assertThat(fetch.minVersion()).isEqualTo((short) 4);
    }

    @Test
    void shouldAdvertiseOnlyVersionsKafkasMessageClassesCanParse() {
        // when
        ApiVersionsResponse response = connection.call((short) 3, request());

        // then
        for (ApiVersion version : response.data().apiKeys()) {
            ApiKeys key = ApiKeys.forId(version.apiKey());
            assertThat(version.maxVersion()).as("%s", key).isLessThanOrEqualTo(key.latestVersion(true));
            assertThat(broker.handlers().find(key, version.maxVersion())).as("%s", key).isPresent();
        }
    }

    @Test
    void shouldAnswerVersionZero() {
        // when
        ApiVersionsResponse response = connection.call((short) 0, new ApiVersionsRequestData());

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().apiKeys()).isNotEmpty();
    }

    @Test
    void shouldAnswerVersionThree() {
        // when
        ApiVersionsResponse response = connection.call((short) 3, request());

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().apiKeys()).isNotEmpty();
    }

    @Test
    void shouldRefuseMalformedClientSoftwareNameWithInvalidRequest() {
        // when
        ApiVersionsResponse response = connection.call((short) 3, request().setClientSoftwareName("-bad name-"));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void shouldAnswerTooNewVersionAtVersionZeroWithUnsupportedVersionAndTheApiList() {
        // when a client newer than the broker asks (KIP-511)
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.API_VERSIONS.id, 127, 77, new byte[] {0, 0, 0}));

        // then
        ByteBuf frame = connection.receiveFrame();
        ByteBuffer bytes = KafkaWire.unframe(frame);
        frame.release();
        ResponseHeader header = ResponseHeader.parse(bytes, (short) 0);
        ApiVersionsResponse response = (ApiVersionsResponse) AbstractResponse.parseResponse(
                ApiKeys.API_VERSIONS, new ByteBufferAccessor(bytes), (short) 0);
        assertThat(header.correlationId()).isEqualTo(77);
        assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(response.data().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        assertThat(response.data().apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldTellClientOfAnotherClusterToRebootstrap() {
        // when
        ApiVersionsResponse response = connection.call((short) 5, request().setClusterId("some-other-cluster"));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
    }

    @Test
    void shouldTellClientExpectingAnotherNodeToRebootstrap() {
        // when
        ApiVersionsResponse response = connection.call((short) 5, request()
                .setClusterId(SingleBrokerClusterViewFake.CLUSTER_ID).setNodeId(SingleBrokerClusterViewFake.BROKER.nodeId() + 1));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
    }

    @Test
    void shouldAcceptClientThatReachedTheClusterItExpected() {
        // when
        ApiVersionsResponse response = connection.call((short) 5, request()
                .setClusterId(SingleBrokerClusterViewFake.CLUSTER_ID).setNodeId(SingleBrokerClusterViewFake.BROKER.nodeId()));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
    }

    private static ApiVersionsRequestData request() {
        return new ApiVersionsRequestData().setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
    }

    private static Map<Short, String> advertised(ApiVersionsResponseData data) {
        return data.apiKeys().stream().collect(Collectors.toMap(ApiVersion::apiKey,
                version -> version.minVersion() + "-" + version.maxVersion()));
    }
}
