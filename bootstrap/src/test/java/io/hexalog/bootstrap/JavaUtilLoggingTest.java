package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC inside Ratis writes to {@code java.util.logging}; the broker's process routes those lines to Logback, so
 * that they carry the broker's format and obey its levels, the quiet ones included, instead of coming out as the
 * JDK's two lines of text on standard error.
 */
class JavaUtilLoggingTest {

    private static final String NAME = "org.apache.ratis.thirdparty.io.grpc.netty.SomeTransport";

    private final Logger logger = (Logger) LoggerFactory.getLogger(NAME);
    private final LoggerContext context = logger.getLoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void routeAndCapture() {
        LogSettings.routeJavaUtilLogging(context);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        List.copyOf(context.getCopyOfListenerList()).stream()
                .filter(LevelChangePropagator.class::isInstance)
                .forEach(context::removeListener);
        SLF4JBridgeHandler.uninstall();
    }

    @Test
    void javaUtilLoggingLinesReachTheBrokersLogWithTheirLevel() {
        logger.setLevel(Level.INFO);

        java.util.logging.Logger.getLogger(NAME).warning("connection reset");

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("connection reset");
        });
    }

    @Test
    void javaUtilLoggingLinesObeyTheBrokersLevels() {
        logger.setLevel(Level.WARN);

        java.util.logging.Logger.getLogger(NAME).info("Epoll available");

        assertThat(java.util.logging.Logger.getLogger(NAME).isLoggable(java.util.logging.Level.INFO))
                .as("the JUL logger's level follows Logback's").isFalse();
        assertThat(appender.list).isEmpty();
    }
}
