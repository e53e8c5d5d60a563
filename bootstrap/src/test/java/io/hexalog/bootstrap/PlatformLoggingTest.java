package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application and the RocksDB adapter log through the JDK's {@link System.Logger} so as to depend on no
 * logging library; the broker's runtime routes those lines to SLF4J, so that they carry the broker's format
 * and obey its levels instead of going to standard error through java.util.logging.
 */
class PlatformLoggingTest {

    private static final String NAME = "io.hexalog.application.service.SomeService";

    private final Logger logger = (Logger) LoggerFactory.getLogger(NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    @Test
    void systemLoggerLinesReachTheBrokersLogWithTheirLevel() {
        System.getLogger(NAME).log(System.Logger.Level.WARNING, "retention failed for {0}", "orders-0");

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("retention failed for orders-0");
        });
    }

    @Test
    void systemLoggerLinesComeOutInTheBrokersTextFormat() {
        String line = new String(LogSettings.textEncoder(logger.getLoggerContext()).encode(captured(
                () -> System.getLogger(NAME).log(System.Logger.Level.ERROR, "write to {0} failed", "orders-0"))),
                StandardCharsets.UTF_8);

        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) ERROR \\[[^]]+] "
                + "i\\.h\\.a\\.service\\.SomeService - write to orders-0 failed\\n");
    }

    private ILoggingEvent captured(Runnable logging) {
        logging.run();
        assertThat(appender.list).hasSize(1);
        return appender.list.get(0);
    }

    @Test
    void systemLoggerLinesObeyTheBrokersLevels() {
        logger.setLevel(Level.ERROR);

        System.getLogger(NAME).log(System.Logger.Level.WARNING, "not wanted");

        assertThat(appender.list).isEmpty();
    }
}
