package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack of a client that sends many large fetches on one connection without reading a response, on a
 * real listener over loopback TCP: the broker holds no more for them than its fetch memory budget, plus one
 * batch, and still answers every one of them once the client reads.
 */
class PipelinedFetchesOverASocketTest {

    private static final long BUDGET = 1024 * 1024;
    private static final int FETCHES = 40;
    private static final int FETCH_BYTES = 50 * 1024 * 1024;
    private static final String VALUE = "v".repeat(32_000);
    private static final short V12 = 12;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private KafkaServer server;

    @BeforeEach
    void startListener() throws InterruptedException {
        broker.createTopic("big", 1);
        EmbeddedBroker.Connection producer = broker.connect();
        for (int i = 0; i < 64; i++) {
            producer.call((short) 9, KafkaWire.produce((short) 1, "big", 0, KafkaWire.records(VALUE)));
        }
        server = KafkaProtocolAdapter.server(new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0,
                        KafkaProtocolAdapter.DEFAULT_MAX_REQUEST_BYTES, 1, false,
                        KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES, BUDGET,
                        KafkaProtocolAdapter.ConnectionLimits.KAFKA_DEFAULTS),
                EmbeddedBroker.useCases(broker.core()), EmbeddedBroker.adminUseCases(broker.core()),
                EmbeddedBroker.groupUseCases(broker.core()), EmbeddedBroker.transactionUseCases(broker.core()),
                new RecordingFatalErrorHandler());
        server.start();
    }

    @AfterEach
    void stopListener() {
        server.close();
    }

    @Test
    void shouldHoldNoMoreThanTheBudgetPlusOneBatchForFortyPipelinedFiftyMegabyteFetches() throws Exception {
        int batchBytes = KafkaWire.records(VALUE).sizeInBytes();
        try (Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);

            // given 40 fetches of 50 MB each, sent at once
            List<RequestHeader> sent = sendAll(socket.getOutputStream());

            // when the client reads nothing for a while
            Thread.sleep(500);
            long heldWhileUnread = server.fetchMemory().peakReservedBytes();

            // then the broker held no more than its budget and one batch, and answers every fetch once read
            assertThat(heldWhileUnread).isLessThanOrEqualTo(BUDGET + batchBytes);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (RequestHeader request : sent) {
                FetchResponseData.PartitionData partition = partition(receive(in, request));
                assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(partition.records().sizeInBytes()).isPositive().isLessThanOrEqualTo((int) BUDGET + batchBytes);
            }
        }
        assertThat(server.fetchMemory().peakReservedBytes()).isGreaterThan(BUDGET / 2)
                .isLessThanOrEqualTo(BUDGET + batchBytes);
        awaitReservedBytesZero();
    }

    private static List<RequestHeader> sendAll(OutputStream out) throws IOException {
        List<RequestHeader> sent = new ArrayList<>();
        ByteBuf frames = Unpooled.buffer();
        for (int i = 1; i <= FETCHES; i++) {
            FetchRequestData fetch = KafkaWire.fetch("big", 0, 0).setMaxBytes(FETCH_BYTES);
            fetch.topics().get(0).partitions().get(0).setPartitionMaxBytes(FETCH_BYTES);
            RequestHeader header = KafkaWire.header(fetch, V12, i);
            frames.writeBytes(KafkaWire.frame(header, fetch));
            sent.add(header);
        }
        out.write(KafkaWire.bytes(frames));
        out.flush();
        return sent;
    }

    private static FetchResponse receive(DataInputStream in, RequestHeader request) throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return (FetchResponse) KafkaWire.parseResponse(Unpooled.buffer(4 + size).writeInt(size).writeBytes(body), request);
    }

    private static FetchResponseData.PartitionData partition(FetchResponse response) {
        return response.data().responses().get(0).partitions().get(0);
    }

    /** The last response's memory is given back by the event loop once written, just after the client may read it. */
    private void awaitReservedBytesZero() throws InterruptedException {
        for (int i = 0; i < 100 && server.fetchMemoryReservedBytes() != 0; i++) {
            Thread.sleep(50);
        }
        assertThat(server.fetchMemoryReservedBytes()).isZero();
    }
}
