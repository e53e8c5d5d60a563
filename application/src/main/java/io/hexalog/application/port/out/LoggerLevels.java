package io.hexalog.application.port.out;

import java.util.Map;

/**
 * The logging system the broker writes its log through, as far as levels go. Loggers are named by their
 * dotted names; {@code root} is the root logger. Levels are named as {@link
 * io.hexalog.application.port.in.BrokerLoggersUseCase#LEVELS} names them.
 */
public interface LoggerLevels {

    /**
     * Every logger the logging system has created so far, each with the level it logs at: its own, or else
     * its nearest ancestor's. Includes {@code root}.
     */
    Map<String, String> effectiveLevels();

    /** Whether the logger exists (it, or a logger below it, has been created). */
    boolean exists(String logger);

    /** Gives the logger a level of its own; it and the loggers below it without their own log at it. */
    void setLevel(String logger, String level);

    /** Takes the logger's own level away: it logs at its nearest ancestor's again. Never called for {@code root}. */
    void unsetLevel(String logger);
}
