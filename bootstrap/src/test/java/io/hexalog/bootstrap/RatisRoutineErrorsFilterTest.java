package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three of Ratis' errors for routine events kept off the console of the broker's own logging configuration; its other
 * errors written. Each event is logged through a real logger, as Logback builds it, and put to the console's filters.
 */
class RatisRoutineErrorsFilterTest {

    private static final String CLOSING = "node-3@group-917643F0818F is not in [STARTING, RUNNING]: current state is "
            + "CLOSING";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private ConsoleAppender<ILoggingEvent> console;

    @BeforeEach
    void configureTheBrokersLogging() {
        new BrokerLogConfiguration(property -> false, resource -> false).configure(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
        logged.setContext(context);
        logged.start();
        root.addAppender(logged);
    }

    @Test
    void shouldDropTheErrorForAnAppendToAMemberThatIsNotRunning() {
        // when Ratis fails a leader's append to a closing member, as RaftServerImpl.appendEntriesAsync logs it
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F",
                "node-1->node-3#4386-t1,HEARTBEAT", new ServerNotReadyException(CLOSING));
        // or wrapped
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F",
                "node-1->node-3#4387-t1,HEARTBEAT", new CompletionException(new ServerNotReadyException(CLOSING)));

        // then the console writes neither
        assertThat(written()).isEmpty();
    }

    @Test
    void shouldDropTheErrorForATryOfTheClientThatMetALeadersChange() {
        // when Ratis' client logs a try that met a closed connection, as OrderedAsync.logError does before retrying
        client().error(RatisRoutineErrorsFilter.FAILED_TRY_OF_KNOWN_CAUSE, "", "client-4FA8EDC49891",
                "RaftClientRequest:client-4FA8EDC49891->node-1@group-C3B96F237D60, cid=14",
                new CompletionException(new AlreadyClosedException("Stream close: no reply for async request cid=14")),
                AlreadyClosedException.class.getSimpleName());

        // then the console does not write it
        assertThat(written()).isEmpty();
    }

    @Test
    void shouldDropTheErrorForARequestLeftWaitingWhenTheClientClosed() {
        // when Ratis' client fails a waiting request as it is closed, as OrderedAsync.send logs it
        client().error(RatisRoutineErrorsFilter.FAILED_AS_CLOSED, "Message:42000773686172642d30...(size=22)",
                new CompletionException(new AlreadyClosedException("RaftClientImpl@7d984578 is closed.")).toString());

        // then the console does not write it
        assertThat(written()).isEmpty();
    }

    @Test
    void shouldKeepRatisOtherErrorsFromTheSameLoggers() {
        // when an append fails for another reason, and the client fails a try for a cause it does not know
        server().error(RatisRoutineErrorsFilter.FAILED_APPEND, "node-3@group-917643F0818F", "node-1->node-3#4388-t1",
                new IOException("Unexpected entries"));
        client().error("{} {}: Failed* {}", "", "client-4FA8EDC49891", "RaftClientRequest:cid=15",
                new IllegalStateException("Unexpected reply"));
        // and a request fails for another cause than a closed client, as OrderedAsync.send logs it then
        client().error("Failed to send request, message={}", "Message:4200", new IllegalStateException("No reply"));

        // then the console writes the three of Ratis' errors, with their causes
        assertThat(written()).extracting(event -> event.getThrowableProxy().getMessage())
                .containsExactly("Unexpected entries", "Unexpected reply", "No reply");
        assertThat(written().get(0).getFormattedMessage()).contains("Failed appendEntries* node-1->node-3#4388-t1");
    }

    @Test
    void shouldKeepTheSameExceptionLoggedForAnythingElse() {
        // when another line of the same logger, or another logger, carries the exception
        server().error("{}: Failed to start", "node-3", new ServerNotReadyException(CLOSING));
        context.getLogger("io.hexalog.adapter.replication.ratis.RatisNode").error(
                RatisRoutineErrorsFilter.FAILED_APPEND, "node-3", "request", new ServerNotReadyException(CLOSING));

        // then the console writes both
        assertThat(written()).hasSize(2);
    }

    /** The events logged that the console's filters let through. */
    private List<ILoggingEvent> written() {
        return logged.list.stream().filter(event -> console.getFilterChainDecision(event) != FilterReply.DENY).toList();
    }

    private Logger server() {
        return context.getLogger(RatisRoutineErrorsFilter.SERVER_LOGGER);
    }

    private Logger client() {
        return context.getLogger(RatisRoutineErrorsFilter.CLIENT_LOGGER);
    }
}
