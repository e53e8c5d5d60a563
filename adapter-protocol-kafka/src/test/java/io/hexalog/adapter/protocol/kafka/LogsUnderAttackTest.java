package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client can do to the broker's log: a flood of bad connections costs a bounded number of
 * lines that say how many were left out, and text it sends cannot break a line to forge the next one.
 */
class LogsUnderAttackTest {

    private static final int FLOOD = 1_000;
    private static final int LIMIT = RateLimitedLog.DEFAULT_LINES_PER_INTERVAL;
    private static final String FORGED = "\n12:00:00.000 ERROR [main] io.hexalog.bootstrap.Main - forged";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final AdapterLog log = new AdapterLog();
    private final TraceLog trace = new TraceLog();

    @AfterEach
    void closeLogs() {
        log.close();
        trace.close();
    }

    @Test
    void shouldWriteABoundedNumberOfLinesForAFloodOfOversizedFrames() {
        // when a thousand connections each announce a frame above socket.request.max.bytes
        for (int i = 0; i < FLOOD; i++) {
            EmbeddedBroker.Connection connection = broker.connect();
            connection.sendBytes(KafkaWire.sizePrefix(EmbeddedBroker.MAX_REQUEST_BYTES + 1));
            assertThat(connection.isOpen()).isFalse();
        }

        // then
        assertThat(log.linesOf(KafkaFrameDecoder.class)).hasSize(LIMIT)
                .allSatisfy(line -> assertThat(line).startsWith("Closing connection from ").contains("request size"));
    }

    @Test
    void shouldSayHowManyLinesWereSuppressedOnceTheIntervalHasPassed() {
        // given a flood of unparsable requests
        for (int i = 0; i < FLOOD; i++) {
            broker.connect().sendBytes(KafkaWire.rawFrame(ApiKeys.PRODUCE.id, 3, 1, new byte[] {0x7f, 0x7f}));
        }

        // when the interval has passed and one more comes
        broker.advanceLogClock(RateLimitedLog.DEFAULT_INTERVAL);
        broker.connect().sendBytes(KafkaWire.rawFrame(ApiKeys.PRODUCE.id, 3, 1, new byte[] {0x7f, 0x7f}));

        // then
        List<String> lines = log.linesOf(KafkaRequestHandler.class);
        assertThat(lines).hasSize(LIMIT + 1);
        assertThat(lines.get(LIMIT)).contains("cannot parse request")
                .endsWith("(" + (FLOOD - LIMIT) + " similar messages suppressed)");
    }

    @Test
    void shouldLimitEachCauseOnItsOwnSoThatOneFloodDoesNotHideAnotherKindOfFailure() {
        // given a flood of unknown API keys
        for (int i = 0; i < FLOOD; i++) {
            broker.connect().sendBytes(KafkaWire.rawFrame(999, 0, 1, new byte[0]));
        }

        // when one connection fails otherwise
        broker.connect().sendBytes(KafkaWire.sizePrefix(-1));

        // then
        assertThat(log.lines()).hasSize(LIMIT + 1)
                .anySatisfy(line -> assertThat(line).contains("request size -1"));
    }

    @Test
    void shouldLogATransactionalIdWithANewlineEscapedOnOneLine() {
        // given
        EmbeddedBroker.Connection connection = broker.connect();

        // when a transactional producer asks for a timeout above transaction.max.timeout.ms
        connection.call((short) 4, new InitProducerIdRequestData().setTransactionalId("tx-1" + FORGED)
                .setTransactionTimeoutMs(900_001).setProducerId(-1).setProducerEpoch((short) -1));

        // then
        assertThat(log.linesOf(InitProducerIdHandler.class)).singleElement().satisfies(line -> assertThat(line)
                .contains("'tx-1\\n12:00:00.000 ERROR [main] io.hexalog.bootstrap.Main - forged'")
                .doesNotContain("\n"));
    }

    @Test
    void shouldTraceAClientIdWithControlCharactersEscapedOnOneLine() {
        // given a client ID with a newline and a terminal escape
        EmbeddedBroker.Connection connection = broker.connect(broker.protocolTrace(true));
        ApiVersionsRequestData request = new ApiVersionsRequestData()
                .setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "app\u001b[2J" + FORGED, 1);

        // when
        connection.sendBytes(KafkaWire.frame(header, request));
        ByteBuf response = connection.receiveFrame();
        response.release();

        // then
        assertThat(trace.onlyLine())
                .contains("client=app\\u001b[2J\\n12:00:00.000 ERROR [main] io.hexalog.bootstrap.Main - forged ->")
                .doesNotContain("\n").doesNotContain("\u001b");
    }

    @Test
    void shouldTraceAVeryLongClientIdCut() {
        // given
        EmbeddedBroker.Connection connection = broker.connect(broker.protocolTrace(true));
        String clientId = "c".repeat(10_000);
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, clientId, 1);

        // when
        connection.sendBytes(KafkaWire.frame(header, new ApiVersionsRequestData()
                .setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0")));
        connection.receiveFrame().release();

        // then
        assertThat(trace.onlyLine()).contains("client=" + "c".repeat(ClientText.MAX_CHARS) + "...(10000 chars) ->")
                .hasSizeLessThan(2 * ClientText.MAX_CHARS + 2 * LoggingProtocolTrace.MAX_SIDE_LENGTH);
    }
}
