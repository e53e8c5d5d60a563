package io.hexalog.application.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines a service logs through {@link System.Logger}, which in the application's tests goes to
 * java.util.logging (the broker routes it to SLF4J instead), formatted as they read.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(Class<?> service) {
        logger = Logger.getLogger(service.getName());
        logger.addHandler(this);
    }

    static CapturedLog of(Class<?> service) {
        return new CapturedLog(service);
    }

    /** The lines logged at INFO or above since capture began. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(formatter.formatMessage(record));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
