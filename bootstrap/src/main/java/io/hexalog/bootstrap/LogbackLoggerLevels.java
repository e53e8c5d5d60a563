package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.out.LoggerLevels;

import java.util.Map;
import java.util.TreeMap;

/**
 * Logger levels in Logback, the logging system every line of the broker goes through. Kafka's {@code root}
 * is Logback's {@code ROOT}, and Kafka's {@code FATAL}, which Logback does not have, is {@code ERROR}.
 */
final class LogbackLoggerLevels implements LoggerLevels {

    private final LoggerContext context;

    LogbackLoggerLevels(LoggerContext context) {
        this.context = context;
    }

    @Override
    public Map<String, String> effectiveLevels() {
        Map<String, String> levels = new TreeMap<>();
        for (Logger logger : context.getLoggerList()) {
            levels.put(kafkaName(logger.getName()), logger.getEffectiveLevel().levelStr);
        }
        return levels;
    }

    @Override
    public boolean exists(String logger) {
        return context.exists(logbackName(logger)) != null;
    }

    @Override
    public void setLevel(String logger, String level) {
        context.getLogger(logbackName(logger)).setLevel(Level.toLevel(level.equals("FATAL") ? "ERROR" : level));
    }

    @Override
    public void unsetLevel(String logger) {
        context.getLogger(logbackName(logger)).setLevel(null);
    }

    private static String kafkaName(String logbackName) {
        return logbackName.equals(Logger.ROOT_LOGGER_NAME) ? BrokerLoggersUseCase.ROOT_LOGGER : logbackName;
    }

    private static String logbackName(String kafkaName) {
        return kafkaName.equals(BrokerLoggersUseCase.ROOT_LOGGER) ? Logger.ROOT_LOGGER_NAME : kafkaName;
    }
}
