package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logger levels read and changed at run time with the real AdminClient, on the BROKER_LOGGER resource, as
 * {@code kafka-configs.sh --entity-type broker-loggers} does.
 */
class BrokerLoggersEndToEndTest {

    private static final String PROTOCOL_LOGGER = "io.hexalog.adapter.protocol.kafka";
    private static final ConfigResource LOGGERS = new ConfigResource(ConfigResource.Type.BROKER_LOGGER, "1");

    private static RunningBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RunningBroker.start(StorageKind.MEMORY);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void restoreLevels() {
        logger(PROTOCOL_LOGGER).setLevel(null);
    }

    @Test
    void shouldDescribeTheLoggersWithTheLevelEachLogsAt() throws Exception {
        logger(PROTOCOL_LOGGER).setLevel(Level.WARN);

        try (Admin admin = broker.admin()) {
            Config loggers = describe(admin);

            assertThat(loggers.get("root").value()).isEqualTo(logger(Logger.ROOT_LOGGER_NAME).getLevel().levelStr);
            ConfigEntry protocol = loggers.get(PROTOCOL_LOGGER);
            assertThat(protocol.value()).isEqualTo("WARN");
            assertThat(protocol.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG);
            assertThat(protocol.isReadOnly()).isFalse();
            assertThat(loggers.get(PROTOCOL_LOGGER + ".KafkaServer").value()).as("inherited").isEqualTo("WARN");
        }
    }

    @Test
    void shouldSetALoggersLevelAndTakeItAwayAgain() throws Exception {
        try (Admin admin = broker.admin()) {
            alter(admin, new AlterConfigOp(new ConfigEntry(PROTOCOL_LOGGER, "DEBUG"), AlterConfigOp.OpType.SET));

            assertThat(logger(PROTOCOL_LOGGER).getLevel()).isEqualTo(Level.DEBUG);
            assertThat(describe(admin).get(PROTOCOL_LOGGER).value()).isEqualTo("DEBUG");

            alter(admin, new AlterConfigOp(new ConfigEntry(PROTOCOL_LOGGER, ""), AlterConfigOp.OpType.DELETE));

            assertThat(logger(PROTOCOL_LOGGER).getLevel()).isNull();
        }
    }

    @Test
    void shouldRefuseAnUnknownLevelOrLoggerAndAListOperation() {
        try (Admin admin = broker.admin()) {
            assertThatThrownBy(() -> alter(admin, new AlterConfigOp(new ConfigEntry(PROTOCOL_LOGGER, "LOUD"),
                    AlterConfigOp.OpType.SET))).hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, new AlterConfigOp(new ConfigEntry("no.such.logger", "INFO"),
                    AlterConfigOp.OpType.SET))).hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, new AlterConfigOp(new ConfigEntry(PROTOCOL_LOGGER, "INFO"),
                    AlterConfigOp.OpType.APPEND))).hasCauseInstanceOf(InvalidRequestException.class);
            assertThat(logger(PROTOCOL_LOGGER).getLevel()).isNull();
        }
    }

    private static Config describe(Admin admin) throws Exception {
        return admin.describeConfigs(List.of(LOGGERS)).all().get().get(LOGGERS);
    }

    private static void alter(Admin admin, AlterConfigOp op) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(LOGGERS, List.of(op));
        admin.incrementalAlterConfigs(ops).all().get();
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
