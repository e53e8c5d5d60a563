package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Two of Ratis' errors for routine events dropped from the broker's log; its other errors kept. */
class RatisRoutineErrorsFilterTest {

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
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F",
                "node-1->node-3#4386-t1,HEARTBEAT", new ServerNotReadyException(CLOSING));
        // or wrapped
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F",
                "node-1->node-3#4387-t1,HEARTBEAT", new CompletionException(new ServerNotReadyException(CLOSING)));

        // then nothing is logged
        assertThat(logged.list).isEmpty();
    }

    @Test
    void shouldDropTheErrorForATryOfTheClientThatMetALeadersChange() {
        // when Ratis' client logs a try that met a closed connection, as OrderedAsync.logError does before retrying
        client().error(RatisRoutineErrorsFilter.FAILED_TRY_OF_KNOWN_CAUSE, "", "client-4FA8EDC49891",
                "RaftClientRequest:client-4FA8EDC49891->node-1@group-C3B96F237D60, cid=14",
                new CompletionException(new AlreadyClosedException("Stream close: no reply for async request cid=14")),
                AlreadyClosedException.class.getSimpleName());

        // then nothing is logged
        assertThat(logged.list).isEmpty();
    }

    @Test
    void shouldKeepRatisOtherErrorsFromTheSameLoggers() {
        // when an append fails for another reason, and the client fails a try for a cause it does not know
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F", "node-1->node-3#4388-t1",
                new IOException("Unexpected entries"));
        client().error("{} {}: Failed* {}", "", "client-4FA8EDC49891", "RaftClientRequest:cid=15",
                new IllegalStateException("Unexpected reply"));

        // then both of Ratis' errors stay, with their causes
        assertThat(logged.list).extracting(event -> event.getThrowableProxy().getMessage())
                .containsExactly("Unexpected entries", "Unexpected reply");
        assertThat(logged.list.get(0).getFormattedMessage()).contains("Failed appendEntries* node-1->node-3#4388-t1");
    }

    @Test
    void shouldKeepTheSameExceptionLoggedForAnythingElse() {
        // when another line of the same logger, or another logger, carries the exception
        server().error("{}: Failed to start", "node-3", new ServerNotReadyException(CLOSING));
        context.getLogger("io.hexalog.adapter.replication.ratis.RatisNode").error(
                RatisRoutineErrorsFilter.FAILED_APPEND, "node-3", "request", new ServerNotReadyException(CLOSING));

        // then both are logged
        assertThat(logged.list).hasSize(2);
    }

    private Logger server() {
        return context.getLogger(RatisRoutineErrorsFilter.SERVER_LOGGER);
    }

    private Logger client() {
        return context.getLogger(RatisRoutineErrorsFilter.CLIENT_LOGGER);
    }
}
