package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops two errors Ratis logs for events a cluster meets in its routine, which the broker reports itself:
 * <ul>
 *   <li>an append a leader sends to a member of this node that is not running (starting, stopping with the node,
 *   or closed after its log failed a write), logged with its stack trace. Each leader's heartbeats meet such a
 *   member several times a second at first, then every few seconds for as long as it stays closed; the broker says
 *   once that the node starts, stops, or that the group takes no more entries on it. Ratis' own gRPC service
 *   treats the same exception as a warning without a stack trace;</li>
 *   <li>a request of this node's Ratis client that met a group's leader change: a member that is not the leader, or
 *   a connection closed by one that stepped down or stopped. Ratis logs each try as it retries it; a request that
 *   runs out of tries fails to the broker's code that sent it.</li>
 * </ul>
 * Ratis' other errors, from the same loggers too, are kept.
 */
final class RatisRoutineErrorsFilter extends TurboFilter {

    static final String SERVER_LOGGER = "org.apache.ratis.server.RaftServer$Division";
    static final String FAILED_APPEND = "{}: Failed appendEntries* {}";
    static final String NOT_READY = "org.apache.ratis.protocol.exceptions.ServerNotReadyException";
    static final String CLIENT_LOGGER = "org.apache.ratis.client.impl.OrderedAsync";
    /** Ratis' client logs this form only for the exceptions it knows to retry (not leader, closed). */
    static final String FAILED_TRY_OF_KNOWN_CAUSE = "{} {}: Failed* {} due to {} caused by {}";
    /** How deep the causes are looked through, in case a chain loops. */
    private static final int MAX_CAUSES = 8;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level != Level.ERROR) {
            return FilterReply.NEUTRAL;
        }
        if (FAILED_TRY_OF_KNOWN_CAUSE.equals(format) && CLIENT_LOGGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        if (FAILED_APPEND.equals(format) && SERVER_LOGGER.equals(logger.getName()) && notReady(thrown(params, t))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** Logback hands a throwable given last among a message's arguments over in those arguments. */
    private static Throwable thrown(Object[] params, Throwable t) {
        if (t != null) {
            return t;
        }
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
    }

    private static boolean notReady(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (NOT_READY.equals(cause.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
