package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops three errors Ratis logs for events a cluster meets in its routine, which the broker reports itself:
 * <ul>
 *   <li>an append a leader sends to a member of this node that is not running (starting, stopping with the node,
 *   or closed after its log failed a write), logged with its stack trace. Each leader's heartbeats meet such a
 *   member several times a second at first, then every few seconds for as long as it stays closed; the broker says
 *   once that the node starts, stops, or that the group takes no more entries on it. Ratis' own gRPC service
 *   treats the same exception as a warning without a stack trace;</li>
 *   <li>a request of this node's Ratis client that met a group's leader change: a member that is not the leader, or
 *   a connection closed by one that stepped down or stopped. Ratis logs each try as it retries it; a request that
 *   runs out of tries fails to the broker's code that sent it;</li>
 *   <li>a request of that client still waiting when the client was closed, as the node stops: the request fails
 *   to the code that sent it, and the broker says that the node stops.</li>
 * </ul>
 * Ratis' other errors, from the same loggers too, are kept. It filters the console appender, so it sees only the
 * lines logged, never the calls of a level turned off.
 */
final class RatisRoutineErrorsFilter extends Filter<ILoggingEvent> {

    static final String SERVER_LOGGER = "org.apache.ratis.server.RaftServer$Division";
    static final String FAILED_APPEND = "{}: Failed appendEntries* {}";
    static final String NOT_READY = "org.apache.ratis.protocol.exceptions.ServerNotReadyException";
    static final String CLIENT_LOGGER = "org.apache.ratis.client.impl.OrderedAsync";
    /** Ratis' client logs this form only for the exceptions it knows to retry (not leader, closed). */
    static final String FAILED_TRY_OF_KNOWN_CAUSE = "{} {}: Failed* {} due to {} caused by {}";
    /** Ratis' client logs this form only for a request failed because the client was closed. */
    static final String FAILED_AS_CLOSED = "Failed to send request, message={} due to {}";
    /** How deep the causes are looked through, in case a chain loops. */
    private static final int MAX_CAUSES = 8;

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel() != Level.ERROR) {
            return FilterReply.NEUTRAL;
        }
        String format = event.getMessage();
        String logger = event.getLoggerName();
        if ((FAILED_TRY_OF_KNOWN_CAUSE.equals(format) || FAILED_AS_CLOSED.equals(format))
                && CLIENT_LOGGER.equals(logger)) {
            return FilterReply.DENY;
        }
        if (FAILED_APPEND.equals(format) && SERVER_LOGGER.equals(logger) && notReady(event.getThrowableProxy())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean notReady(IThrowableProxy thrown) {
        IThrowableProxy cause = thrown;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (NOT_READY.equals(cause.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
