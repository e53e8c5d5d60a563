package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Ratis' errors for appends to a member that is not running, dropped; its other errors kept. */
class NotReadyMemberAppendsFilterTest {

    private static final String CLOSING = "node-3@group-917643F0818F is not in [STARTING, RUNNING]: current state is "
            + "CLOSING";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void configureTheBrokersLogging() {
        new BrokerLogConfiguration(property -> false, resource -> false).configure(context);
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @Test
    void shouldDropTheErrorForAnAppendToAMemberThatIsNotRunning() {
        // when Ratis fails a leader's append to a closing member, as RaftServerImpl.appendEntriesAsync logs it
        context.getLogger(NotReadyMemberAppendsFilter.LOGGER).error(NotReadyMemberAppendsFilter.FORMAT,
                "node-3@group-917643F0818F", "node-1->node-3#4386-t1,HEARTBEAT", new ServerNotReadyException(CLOSING));
        // or wrapped
        context.getLogger(NotReadyMemberAppendsFilter.LOGGER).error(NotReadyMemberAppendsFilter.FORMAT,
                "node-3@group-917643F0818F", "node-1->node-3#4387-t1,HEARTBEAT",
                new CompletionException(new ServerNotReadyException(CLOSING)));

        // then nothing is logged
        assertThat(logged.list).isEmpty();
    }

    @Test
    void shouldKeepRatisOtherErrorsForAppends() {
        // when an append fails for another reason
        context.getLogger(NotReadyMemberAppendsFilter.LOGGER).error(NotReadyMemberAppendsFilter.FORMAT,
                "node-3@group-917643F0818F", "node-1->node-3#4388-t1", new IOException("Unexpected entries"));

        // then Ratis' error stays, with its cause
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains("Failed appendEntries* node-1->node-3#4388-t1");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("Unexpected entries");
        });
    }

    @Test
    void shouldKeepTheSameExceptionLoggedForAnythingElse() {
        // when another line of the same logger, or another logger, carries the exception
        context.getLogger(NotReadyMemberAppendsFilter.LOGGER).error("{}: Failed to start", "node-3",
                new ServerNotReadyException(CLOSING));
        context.getLogger("io.hexalog.adapter.replication.ratis.RatisNode").error(NotReadyMemberAppendsFilter.FORMAT,
                "node-3", "request", new ServerNotReadyException(CLOSING));

        // then both are logged
        assertThat(logged.list).hasSize(2);
    }
}
