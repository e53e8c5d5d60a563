package io.hexalog.application.service;

import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.out.LoggerLevels;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;

import java.util.List;
import java.util.Locale;

/**
 * Reads and changes logger levels as Kafka does for its {@code BROKER_LOGGER} resource: every change of a
 * request is checked before any is made.
 */
final class BrokerLoggerService implements BrokerLoggersUseCase {

    private static final System.Logger LOG = System.getLogger(BrokerLoggerService.class.getName());

    private final LoggerLevels levels;

    BrokerLoggerService(LoggerLevels levels) {
        this.levels = levels;
    }

    @Override
    public List<LoggerLevel> describeLoggers() {
        return levels.effectiveLevels().entrySet().stream()
                .map(entry -> new LoggerLevel(entry.getKey(), entry.getValue()))
                .sorted((a, b) -> a.logger().compareTo(b.logger()))
                .toList();
    }

    @Override
    public void alterLoggers(List<AlterConfigOp> ops, boolean validateOnly) {
        ops.forEach(this::check);
        if (validateOnly) {
            return;
        }
        for (AlterConfigOp op : ops) {
            if (op.opType() == AlterConfigOp.OpType.SET) {
                levels.setLevel(op.name(), op.value().toUpperCase(Locale.ROOT));
                LOG.log(System.Logger.Level.INFO, "Logger {0} set to {1}", op.name(), op.value().toUpperCase(Locale.ROOT));
            } else {
                levels.unsetLevel(op.name());
                LOG.log(System.Logger.Level.INFO, "Logger {0} inherits its level again", op.name());
            }
        }
    }

    private void check(AlterConfigOp op) {
        switch (op.opType()) {
            case APPEND, SUBTRACT -> throw new InvalidRequestException(op.opType()
                    + " operation is not allowed for the BROKER_LOGGER resource");
            case DELETE -> {
                if (op.name().equals(ROOT_LOGGER)) {
                    throw new InvalidRequestException("Removing the log level of the root logger is not allowed");
                }
            }
            case SET -> {
                if (op.value() == null || !LEVELS.contains(op.value().toUpperCase(Locale.ROOT))) {
                    throw new InvalidConfigurationException("Cannot set the log level of " + op.name() + " to "
                            + op.value() + " as it is not a supported log level. Valid log levels are "
                            + String.join(", ", LEVELS));
                }
            }
            default -> throw new IllegalStateException("Unknown operation " + op.opType());
        }
        if (!op.name().equals(ROOT_LOGGER) && !levels.exists(op.name())) {
            throw new InvalidConfigurationException("Logger " + op.name() + " does not exist");
        }
    }
}
