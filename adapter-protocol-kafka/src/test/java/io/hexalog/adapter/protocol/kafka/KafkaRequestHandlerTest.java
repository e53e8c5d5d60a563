package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRequestHandlerTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldCloseConnectionOnUnknownApiKey() {
        // when
        connection.sendBytes(KafkaWire.rawFrame(999, 0, 1, new byte[0]));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnUnsupportedVersionOfServedApi() {
        // given Fetch is served from version 4 only
        assertThat(broker.handlers().find(ApiKeys.FETCH, (short) 3)).isEmpty();

        // when
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.FETCH.id, 3, 1, new byte[16]));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnBodyThatDoesNotParse() {
        // given a Produce v3 whose transactional ID claims more bytes than the frame holds
        byte[] garbage = {0x7f, 0x7f, 0x7f, 0x7f, 0x7f};

        // when
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.PRODUCE.id, 3, 1, garbage));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.hasNoResponse()).isTrue();
    }

    @Test
    void shouldCloseConnectionOnFrameTooShortForARequestHeader() {
        // when
        connection.sendBytes(KafkaWire.sizePrefix(3).writeBytes(new byte[3]));

        // then
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void shouldKeepServingOtherConnectionsWhenOneIsClosed() {
        // given
        broker.createTopic("orders", 1);
        EmbeddedBroker.Connection other = broker.connect();
        other.call((short) 9, KafkaWire.produce((short) 1, "orders", 0, KafkaWire.records("kept")));

        // when
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.PRODUCE.id, 3, 1, new byte[] {0x7f, 0x7f}));

        // then
        assertThat(connection.isOpen()).isFalse();
        assertThat(other.isOpen()).isTrue();
        ApiVersionsResponse versions = other.call((short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0"));
        assertThat(versions.data().errorCode()).isEqualTo(Errors.NONE.code());
        FetchResponse fetched = other.call((short) 12, KafkaWire.fetch("orders", 0, 0));
        assertThat(values(fetched.data().responses().get(0).partitions().get(0))).containsExactly("kept");
    }

    static List<String> values(FetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        for (Record record : ((Records) partition.records()).records()) {
            values.add(KafkaWire.value(record));
        }
        return values;
    }
}
