package io.hexalog.adapter.protocol.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the protocol adapter's classes log while it is open, at INFO and above: the lines an operator would
 * read. The test configuration silences the adapter's loggers; this opens them for one test and closes them
 * again.
 */
final class AdapterLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(KafkaProtocolAdapter.class.getPackageName());
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    AdapterLog() {
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
    }

    /** Every line logged so far, formatted as written. */
    List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The lines of one class's logger. */
    List<String> linesOf(Class<?> source) {
        return appender.list.stream().filter(event -> event.getLoggerName().equals(source.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        logger.detachAppender(appender);
        appender.stop();
    }
}
