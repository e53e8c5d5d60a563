package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Ratis' ERROR, with its stack trace, for every append a leader sends to a member of this node that is not
 * running: starting, stopping with the node, or closed after its log failed a write. Each leader's heartbeats meet
 * such a member several times a second at first, then every few seconds for as long as it stays closed, and the
 * broker says once, itself, that the node starts, stops, or that a group takes no more entries on it. Ratis' own
 * gRPC service treats the same exception as a warning without a stack trace.
 */
final class NotReadyMemberAppendsFilter extends TurboFilter {

    static final String LOGGER = "org.apache.ratis.server.RaftServer$Division";
    static final String FORMAT = "{}: Failed appendEntries* {}";
    static final String NOT_READY = "org.apache.ratis.protocol.exceptions.ServerNotReadyException";
    /** How deep the causes are looked through, in case a chain loops. */
    private static final int MAX_CAUSES = 8;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !FORMAT.equals(format) || !LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last
                : null;
        return notReady(thrown) ? FilterReply.DENY : FilterReply.NEUTRAL;
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
