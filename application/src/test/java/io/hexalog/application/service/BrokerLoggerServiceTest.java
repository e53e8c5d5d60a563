package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryLoggerLevelsFake;
import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.in.BrokerLoggersUseCase.LoggerLevel;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.config.AlterConfigOp.OpType;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logger levels read and changed at run time, as Kafka's BROKER_LOGGER resource does it. */
class BrokerLoggerServiceTest {

    private final InMemoryLoggerLevelsFake levels = new InMemoryLoggerLevelsFake("INFO",
            "io.hexalog.adapter.protocol.kafka.FetchHandler", "io.hexalog.application.service.TopicService");
    private final BrokerLoggersUseCase loggers = ApplicationCore.brokerLoggers(levels);

    @Test
    void shouldDescribeEveryLoggerWithTheLevelItLogsAt() {
        levels.setLevel("io.hexalog.adapter", "DEBUG");

        assertThat(loggers.describeLoggers()).contains(
                new LoggerLevel("io.hexalog.adapter.protocol.kafka.FetchHandler", "DEBUG"),
                new LoggerLevel("io.hexalog.application.service.TopicService", "INFO"),
                new LoggerLevel("root", "INFO"));
    }

    @Test
    void shouldSetALevelAndTakeItAwayAgain() {
        loggers.alterLoggers(List.of(new AlterConfigOp(OpType.SET, "io.hexalog.adapter.protocol.kafka", "debug")), false);
        assertThat(levels.ownLevel("io.hexalog.adapter.protocol.kafka")).isEqualTo("DEBUG");

        loggers.alterLoggers(List.of(new AlterConfigOp(OpType.DELETE, "io.hexalog.adapter.protocol.kafka", null)), false);
        assertThat(levels.ownLevel("io.hexalog.adapter.protocol.kafka")).isNull();
    }

    @Test
    void shouldChangeNothingWhenOnlyValidating() {
        loggers.alterLoggers(List.of(new AlterConfigOp(OpType.SET, "root", "WARN")), true);

        assertThat(levels.ownLevel("root")).isEqualTo("INFO");
    }

    @Test
    void shouldChangeNothingWhenOneChangeIsInvalid() {
        List<AlterConfigOp> ops = List.of(new AlterConfigOp(OpType.SET, "root", "WARN"),
                new AlterConfigOp(OpType.SET, "io.hexalog", "LOUD"));

        assertThatThrownBy(() -> loggers.alterLoggers(ops, false)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("LOUD").hasMessageContaining("Valid log levels are");
        assertThat(levels.ownLevel("root")).isEqualTo("INFO");
    }

    @Test
    void shouldRefuseALoggerThatDoesNotExist() {
        assertThatThrownBy(() -> loggers.alterLoggers(List.of(new AlterConfigOp(OpType.SET, "no.such", "INFO")), false))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Logger no.such does not exist");
    }

    @Test
    void shouldRefuseListOperationsAndUnsettingTheRoot() {
        assertThatThrownBy(() -> loggers.alterLoggers(List.of(new AlterConfigOp(OpType.APPEND, "root", "INFO")), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("APPEND");
        assertThatThrownBy(() -> loggers.alterLoggers(List.of(new AlterConfigOp(OpType.DELETE, "root", null)), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("root logger");
    }
}
