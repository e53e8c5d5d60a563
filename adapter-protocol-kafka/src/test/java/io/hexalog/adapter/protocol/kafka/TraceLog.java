package io.hexalog.adapter.protocol.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What reaches the protocol trace's logger while it is open: the lines an operator would read. */
final class TraceLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    TraceLog() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The only line logged so far. */
    String onlyLine() {
        List<String> lines = lines();
        if (lines.size() != 1) {
            throw new AssertionError("Expected one trace line but got " + lines.size() + ": " + lines);
        }
        return lines.get(0);
    }

    /** Every event was logged at INFO. */
    boolean allAtInfo() {
        return appender.list.stream().allMatch(event -> event.getLevel() == Level.INFO);
    }

    void clear() {
        appender.list.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
