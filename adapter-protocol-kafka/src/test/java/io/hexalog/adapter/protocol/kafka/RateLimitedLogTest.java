package io.hexalog.adapter.protocol.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitedLogTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicLong nanoTime = new AtomicLong(123_456_789L);
    private final RateLimitedLog log = new RateLimitedLog(3, INTERVAL, nanoTime::get);
    private final Logger logger = new LoggerContext().getLogger("rate-limited-test");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void captureLines() {
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @Test
    void shouldWriteOnlyTheFirstLinesOfACauseInAnInterval() {
        // when
        for (int i = 1; i <= 10; i++) {
            log.warn(logger, "bad frame", "bad frame number {}", i);
        }

        // then
        assertThat(lines()).containsExactly("bad frame number 1", "bad frame number 2", "bad frame number 3");
        assertThat(appender.list).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
    }

    @Test
    void shouldSayHowManyLinesWereSuppressedWhenTheNextIntervalBegins() {
        // given a flood of ten lines, seven of them suppressed
        for (int i = 1; i <= 10; i++) {
            log.warn(logger, "bad frame", "bad frame number {}", i);
        }

        // when the interval has passed
        nanoTime.addAndGet(INTERVAL.toNanos());
        log.warn(logger, "bad frame", "bad frame number {}", 11);
        log.warn(logger, "bad frame", "bad frame number {}", 12);

        // then
        assertThat(lines()).endsWith("bad frame number 11 (7 similar messages suppressed)", "bad frame number 12");
    }

    @Test
    void shouldKeepSuppressingUntilTheIntervalHasFullyPassed() {
        // given
        for (int i = 1; i <= 4; i++) {
            log.info(logger, "closed", "closed {}", i);
        }

        // when
        nanoTime.addAndGet(INTERVAL.toNanos() - 1);
        log.info(logger, "closed", "closed {}", 5);

        // then
        assertThat(lines()).containsExactly("closed 1", "closed 2", "closed 3");
    }

    @Test
    void shouldLimitEachCauseOnItsOwn() {
        // given one cause has used up its lines
        for (int i = 1; i <= 5; i++) {
            log.warn(logger, "bad frame", "bad frame {}", i);
        }

        // when another cause logs
        log.info(logger, "unsupported request", "unsupported {}", 1);

        // then
        assertThat(lines()).containsExactly("bad frame 1", "bad frame 2", "bad frame 3", "unsupported 1");
        assertThat(appender.list.get(3).getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void shouldNotCountLinesTheLoggerWouldNotWrite() {
        // given the logger writes warnings only
        logger.setLevel(Level.WARN);
        for (int i = 1; i <= 5; i++) {
            log.info(logger, "closed", "closed {}", i);
        }

        // when it writes INFO again
        logger.setLevel(Level.INFO);
        log.info(logger, "closed", "closed {}", 6);

        // then the hidden lines neither used up the limit nor count as suppressed
        assertThat(lines()).containsExactly("closed 6");
    }

    @Test
    void shouldRefuseALimitThatWritesNothing() {
        assertThatThrownBy(() -> new RateLimitedLog(0, INTERVAL, nanoTime::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitedLog(1, Duration.ZERO, nanoTime::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
