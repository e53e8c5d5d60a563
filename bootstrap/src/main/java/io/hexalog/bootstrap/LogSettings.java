package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the broker logs: the format of its lines ({@code --log-format}, {@code log.format}) and the level of
 * the root logger and of any named logger ({@code --log-level DEBUG}, {@code --log-level
 * io.hexalog.adapter.protocol.kafka=DEBUG}), applied to Logback, through which every line goes (SLF4J, and the
 * JDK's {@code System.Logger} and, in the broker's process, {@code java.util.logging} routed to SLF4J).
 *
 * @param format text (the default) or json, one object per line
 * @param levels the level of each named logger; {@link org.slf4j.Logger#ROOT_LOGGER_NAME} for the root
 */
record LogSettings(Format format, Map<String, Level> levels) {

    static final String FORMAT_KEY = "log.format";
    /** The text format: an ISO-8601 date with the zone offset, the level, thread, logger and message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n";
    static final String LEVEL_NAMES = "OFF, ERROR, WARN, INFO, DEBUG, TRACE or ALL";

    enum Format { TEXT, JSON }

    LogSettings {
        levels = Map.copyOf(levels);
    }

    /**
     * @param format        {@code text} or {@code json}
     * @param formatOrigin  where the format was written, for the message when it is neither
     * @param levelSettings each {@code LEVEL} (the root's) or {@code logger=LEVEL}, as {@code --log-level} takes them
     * @throws BrokerStartupException naming the flag or key for an unknown format or level
     */
    static LogSettings parse(String format, String formatOrigin, List<String> levelSettings) {
        Format parsedFormat;
        try {
            parsedFormat = Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BrokerStartupException(formatOrigin + ": unknown log format '" + format + "'; use text or json");
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String setting : levelSettings) {
            int equals = setting.indexOf('=');
            String logger = equals < 0 ? org.slf4j.Logger.ROOT_LOGGER_NAME : setting.substring(0, equals).trim();
            levels.put(logger.isEmpty() ? org.slf4j.Logger.ROOT_LOGGER_NAME : logger,
                    level(setting.substring(equals + 1).trim(), setting));
        }
        return new LogSettings(parsedFormat, levels);
    }

    /** @throws BrokerStartupException for a name that is no Logback level */
    static Level level(String name, String setting) {
        Level level = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new BrokerStartupException("--log-level " + setting + ": unknown level '" + name + "'; use "
                    + LEVEL_NAMES);
        }
        return level;
    }

    /**
     * Sets the levels, and the encoder of every appender on the root logger when the format is JSON, in the
     * broker's process, whose {@code java.util.logging} it routes to Logback first.
     */
    void apply() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        routeJavaUtilLogging(context);
        apply(context);
    }

    /**
     * Routes {@code java.util.logging}, which the gRPC inside Ratis writes to, to Logback, so that its lines come
     * in the broker's format and levels rather than as the JDK's two-line text on the console: its own handlers
     * are removed, and each JUL logger's level follows the Logback logger's of the same name, so that a line
     * Logback would drop is not even made.
     */
    static void routeJavaUtilLogging(LoggerContext context) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LevelChangePropagator levels = new LevelChangePropagator();
        levels.setContext(context);
        levels.setResetJUL(true);
        context.addListener(levels);
        levels.start();
    }

    void apply(LoggerContext context) {
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        if (format == Format.JSON) {
            for (OutputStreamAppender<ILoggingEvent> appender : rootAppenders(context)) {
                reencode(appender, jsonEncoder(context));
            }
        }
    }

    private static List<OutputStreamAppender<ILoggingEvent>> rootAppenders(LoggerContext context) {
        List<OutputStreamAppender<ILoggingEvent>> appenders = new ArrayList<>();
        Iterator<Appender<ILoggingEvent>> attached = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (attached.hasNext()) {
            if (attached.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                appenders.add(stream);
            }
        }
        return appenders;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithContext(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        return encoder;
    }

    /** An encoder for the text format; tests write with it to see a line as the broker writes it. */
    static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    /** The appender keeps its stream open (stopping it would close it) and writes each next line with {@code encoder}. */
    private static void reencode(OutputStreamAppender<ILoggingEvent> appender, Encoder<ILoggingEvent> encoder) {
        appender.setEncoder(encoder);
    }
}
