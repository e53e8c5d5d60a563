package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** KAFKA_* variables become config keys as the apache/kafka container image maps them. */
class KafkaEnvironmentTest {

    @Test
    void shouldTurnUnderscoresIntoDotsAfterThePrefix() {
        assertThat(KafkaEnvironment.configKeys(Map.of("KAFKA_LOG_RETENTION_MS", "1000")))
                .containsExactlyEntriesOf(Map.of("log.retention.ms", "1000"));
    }

    @Test
    void shouldTurnDoubleUnderscoresIntoUnderscoresAndTripleOnesIntoDashes() {
        assertThat(KafkaEnvironment.keyFor("KAFKA_LISTENER_NAME_CLIENT__A_X")).isEqualTo("listener.name.client_a.x");
        assertThat(KafkaEnvironment.keyFor("KAFKA_SOME___THING_X")).isEqualTo("some-thing.x");
    }

    @Test
    void shouldNameTheVariableOfAKeyTheOtherWayRound() {
        for (String key : new String[] {"log.retention.ms", "listener.name.client_a.x", "some-thing.x"}) {
            assertThat(KafkaEnvironment.keyFor(KafkaEnvironment.variableFor(key))).isEqualTo(key);
        }
        assertThat(KafkaEnvironment.variableFor("log.retention.ms")).isEqualTo("KAFKA_LOG_RETENTION_MS");
    }

    @Test
    void shouldNotReadVariablesOfTheJvmAndTheScriptsOrOtherPrefixesAsKeys() {
        Map<String, String> environment = Map.of("KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_OPTS", "-Dx=y",
                "KAFKA_JVM_PERFORMANCE_OPTS", "-server", "KAFKA_LOG4J_OPTS", "x", "KAFKA_GC_LOG_OPTS", "x",
                "KAFKA_JMX_OPTS", "x", "KAFKA_DEBUG", "y", "PATH", "/bin", "CLUSTER_ID", "abc", "KAFKA_", "x");

        assertThat(KafkaEnvironment.configKeys(environment)).isEmpty();
    }
}
