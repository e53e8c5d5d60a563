package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that sends many fetches at once on a real listener and reads their responses later: a log of large
 * batches to fetch, the listener over an embedded broker, and the raw requests and responses.
 */
final class PipelinedFetches {

    static final String TOPIC = "big";
    static final String VALUE = "v".repeat(32_000);
    static final int BATCHES = 64;
    private static final short V12 = 12;

    private PipelinedFetches() {
    }

    /** Creates the topic and appends {@link #BATCHES} batches of one {@link #VALUE} record each, about 2 MB. */
    static void fillLog(EmbeddedBroker broker) {
        broker.createTopic(TOPIC, 1);
        EmbeddedBroker.Connection producer = broker.connect();
        for (int i = 0; i < BATCHES; i++) {
            producer.call((short) 9, KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records(VALUE)));
        }
    }

    /** A started listener on an ephemeral loopback port, serving {@code broker}, within a fetch memory budget. */
    static KafkaServer listener(EmbeddedBroker broker, long fetchMemoryBytes) throws InterruptedException {
        KafkaServer server = KafkaProtocolAdapter.server(new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0,
                        KafkaProtocolAdapter.DEFAULT_MAX_REQUEST_BYTES, 1, false,
                        KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES, fetchMemoryBytes,
                        KafkaProtocolAdapter.ConnectionLimits.KAFKA_DEFAULTS),
                EmbeddedBroker.useCases(broker.core()), EmbeddedBroker.adminUseCases(broker.core()),
                EmbeddedBroker.groupUseCases(broker.core()), EmbeddedBroker.transactionUseCases(broker.core()),
                new RecordingFatalErrorHandler());
        server.start();
        return server;
    }

    /** Sends {@code count} fetches of the topic's partition from offset 0, each up to {@code maxBytes}, at once. */
    static List<RequestHeader> sendAll(OutputStream out, int count, int maxBytes) throws IOException {
        List<RequestHeader> sent = new ArrayList<>();
        ByteBuf frames = Unpooled.buffer();
        for (int i = 1; i <= count; i++) {
            FetchRequestData fetch = KafkaWire.fetch(TOPIC, 0, 0).setMaxBytes(maxBytes);
            fetch.topics().get(0).partitions().get(0).setPartitionMaxBytes(maxBytes);
            RequestHeader header = KafkaWire.header(fetch, V12, i);
            frames.writeBytes(KafkaWire.frame(header, fetch));
            sent.add(header);
        }
        out.write(KafkaWire.bytes(frames));
        out.flush();
        return sent;
    }

    /** The partition's part of the next response, the answer to {@code request}. */
    static FetchResponseData.PartitionData receive(DataInputStream in, RequestHeader request) throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        FetchResponse response = (FetchResponse) KafkaWire.parseResponse(
                Unpooled.buffer(4 + size).writeInt(size).writeBytes(body), request);
        return response.data().responses().get(0).partitions().get(0);
    }
}
