package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.hexalog.application.port.out.LoggerLevels;
import io.hexalog.application.port.out.LoggerLevelsContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Logger levels in Logback, on a context of their own so that the test's own logging is left alone. */
class LogbackLoggerLevelsTest extends LoggerLevelsContract {

    private final LoggerContext context = new LoggerContext();

    @Override
    protected LoggerLevels loggerLevels() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger(CREATED);
        return new LogbackLoggerLevels(context);
    }

    @Test
    void shouldLogKafkasFatalAsErrorWhichLogbackHas() {
        LoggerLevels levels = loggerLevels();

        levels.setLevel(CREATED, "FATAL");

        assertThat(context.getLogger(CREATED).getLevel()).isEqualTo(Level.ERROR);
    }
}
