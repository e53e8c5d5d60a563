package io.hexalog.application.port.in;

import io.hexalog.domain.config.AlterConfigOp;

import java.util.List;

/**
 * The levels of this broker's loggers, read and changed while it runs: Kafka's {@code BROKER_LOGGER} config
 * resource (KIP-412), which {@code kafka-configs.sh --entity-type broker-loggers} describes and alters. A
 * level is one of {@link #LEVELS}; the root logger is named {@value #ROOT_LOGGER}.
 */
public interface BrokerLoggersUseCase {

    /** The root logger, by Kafka's name for it. */
    String ROOT_LOGGER = "root";

    /** The levels a logger may be set to, as Kafka names them ({@code FATAL} logs as {@code ERROR}). */
    List<String> LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    /** A logger and the level it logs at, its own or inherited from the nearest ancestor that has one. */
    record LoggerLevel(String logger, String level) {
    }

    /** Every logger the broker has, with the level it logs at, sorted by name, the root logger included. */
    List<LoggerLevel> describeLoggers();

    /**
     * Changes logger levels, all or none: {@code SET} gives a logger a level of its own, {@code DELETE} takes it
     * away so that the logger inherits its ancestor's again. The changes last until the broker stops.
     *
     * @param validateOnly check without changing anything
     * @throws io.hexalog.domain.error.InvalidConfigurationException for a logger that does not exist or a level
     *                                                               that is not one of {@link #LEVELS}
     * @throws io.hexalog.domain.error.InvalidRequestException       for {@code APPEND} or {@code SUBTRACT}, or for
     *                                                               deleting the root logger's level
     */
    void alterLoggers(List<AlterConfigOp> ops, boolean validateOnly);
}
