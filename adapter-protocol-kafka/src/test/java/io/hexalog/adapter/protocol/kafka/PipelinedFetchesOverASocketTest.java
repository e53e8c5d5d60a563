package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.Socket;
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

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private KafkaServer server;

    @BeforeEach
    void startListener() throws InterruptedException {
        PipelinedFetches.fillLog(broker);
        server = PipelinedFetches.listener(broker, BUDGET);
    }

    @AfterEach
    void stopListener() {
        server.close();
    }

    @Test
    void shouldHoldNoMoreThanTheBudgetPlusOneBatchForFortyPipelinedFiftyMegabyteFetches() throws Exception {
        int batchBytes = KafkaWire.records(PipelinedFetches.VALUE).sizeInBytes();
        try (Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);

            // given 40 fetches of 50 MB each, sent at once
            List<RequestHeader> sent = PipelinedFetches.sendAll(socket.getOutputStream(), FETCHES, FETCH_BYTES);

            // when the client reads nothing for a while
            Thread.sleep(500);
            long heldWhileUnread = server.fetchMemory().peakReservedBytes();

            // then the broker held no more than its budget and one batch, and answers every fetch once read
            assertThat(heldWhileUnread).isLessThanOrEqualTo(BUDGET + batchBytes);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (RequestHeader request : sent) {
                FetchResponseData.PartitionData partition = PipelinedFetches.receive(in, request);
                assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(partition.records().sizeInBytes()).isPositive().isLessThanOrEqualTo((int) BUDGET + batchBytes);
            }
        }
        assertThat(server.fetchMemory().peakReservedBytes()).isGreaterThan(BUDGET / 2)
                .isLessThanOrEqualTo(BUDGET + batchBytes);
        awaitReservedBytesZero();
    }

    /** The last response's memory is given back by the event loop once written, just after the client may read it. */
    private void awaitReservedBytesZero() throws InterruptedException {
        for (int i = 0; i < 100 && server.fetchMemoryReservedBytes() != 0; i++) {
            Thread.sleep(50);
        }
        assertThat(server.fetchMemoryReservedBytes()).isZero();
    }
}
