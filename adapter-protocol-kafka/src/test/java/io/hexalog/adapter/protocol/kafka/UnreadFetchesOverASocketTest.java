package io.hexalog.adapter.protocol.kafka;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.testdata.UnreadBytesInMemory;
import io.hexalog.domain.log.LogSlice;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetches answered with batches a store left in its files ({@link LogSlice#unread}), on a real listener over loopback
 * TCP: the response sends the stretches as they are, and a client that sends many fetches without reading a response
 * is paused by its connection's write buffer as it would be for responses in memory, so that it cannot hold the
 * store's files without bound. Every fetch is answered once it reads, and every stretch let go once sent.
 */
class UnreadFetchesOverASocketTest {

    private static final int FETCHES = 40;
    private static final int FETCH_BYTES = 50 * 1024 * 1024;

    private final AtomicInteger slicesHandedOut = new AtomicInteger();
    private final AtomicInteger slicesReleased = new AtomicInteger();
    private final EmbeddedBroker broker = new EmbeddedBroker(leavingReadsToSendInFiles(
            new InMemoryStorage().partitionLogStore()));
    private KafkaServer server;

    @BeforeEach
    void startListener() throws InterruptedException {
        PipelinedFetches.fillLog(broker);
        server = PipelinedFetches.listener(broker, KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES);
    }

    @AfterEach
    void stopListener() {
        server.close();
    }

    @Test
    void shouldPauseAClientThatReadsNoResponsesThenAnswerEveryFetchWithTheStoredBytes() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);

            // given 40 fetches of the whole 2 MB log each, sent at once
            List<RequestHeader> sent = PipelinedFetches.sendAll(socket.getOutputStream(), FETCHES, FETCH_BYTES);

            // when the client reads nothing for a while
            Thread.sleep(500);
            int servedWhileUnread = slicesHandedOut.get();

            // then the connection was paused after the few responses the socket buffers and the write buffer hold
            assertThat(servedWhileUnread).isPositive().isLessThan(FETCHES / 2);
            List<String> stored = new ArrayList<>();
            for (int offset = 0; offset < PipelinedFetches.BATCHES; offset++) {
                stored.add(offset + ":" + PipelinedFetches.VALUE);
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (RequestHeader request : sent) {
                FetchResponseData.PartitionData partition = PipelinedFetches.receive(in, request);
                assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(records(partition)).isEqualTo(stored);
            }
        }
        assertThat(slicesHandedOut.get()).isEqualTo(FETCHES);
        awaitEverySliceReleased();
    }

    /**
     * The store, except that a read to send hands out the batches as one stretch of unread bytes, which a socket is
     * given as they are: what a store that leaves batches in its files returns.
     */
    private PartitionLogStore leavingReadsToSendInFiles(PartitionLogStore store) {
        return (PartitionLogStore) Proxy.newProxyInstance(PartitionLogStore.class.getClassLoader(),
                new Class<?>[] {PartitionLogStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readToSend")) {
                        CompletableFuture<?> read = (CompletableFuture<?>) invoke(store, "read", method, args);
                        return read.thenApply(slice -> unread((LogSlice) slice));
                    }
                    return invoke(store, method.getName(), method, args);
                });
    }

    private static Object invoke(PartitionLogStore store, String name, Method method, Object[] args) throws Throwable {
        try {
            return PartitionLogStore.class.getMethod(name, method.getParameterTypes()).invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private LogSlice unread(LogSlice slice) {
        if (slice.isEmpty()) {
            return slice;
        }
        ByteBuffer bytes = ByteBuffer.allocate(slice.sizeInBytes());
        slice.batches().forEach(batch -> bytes.put(batch.bytes()));
        long nextOffset = slice.nextOffset();
        slice.release();
        slicesHandedOut.incrementAndGet();
        return LogSlice.unread(List.of(new UnreadBytesInMemory(bytes.array())), nextOffset, slicesReleased::incrementAndGet);
    }

    /** The offsets and values of the records a response carries, batch by batch as stored. */
    private static List<String> records(FetchResponseData.PartitionData partition) {
        List<String> records = new ArrayList<>();
        for (org.apache.kafka.common.record.internal.RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
            assertThat(batch.isValid()).as("CRC of the batch at %d", batch.baseOffset()).isTrue();
            batch.forEach(record -> records.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value())));
        }
        return records;
    }

    /** The last response's slice is released by the event loop once written, just after the client may read it. */
    private void awaitEverySliceReleased() throws InterruptedException {
        for (int i = 0; i < 100 && slicesReleased.get() != FETCHES; i++) {
            Thread.sleep(50);
        }
        assertThat(slicesReleased.get()).isEqualTo(FETCHES);
    }
}
