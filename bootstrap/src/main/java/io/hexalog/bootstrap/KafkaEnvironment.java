package io.hexalog.bootstrap;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Config keys set by environment variables, as the {@code apache/kafka} container image maps them, so that
 * a compose file written for that image works unchanged: {@code KAFKA_LOG_RETENTION_MS=1000} sets
 * {@code log.retention.ms}. After the {@code KAFKA_} prefix the name is lower-cased and {@code ___} becomes
 * {@code -}, {@code __} becomes {@code _} and {@code _} becomes {@code .}. Variables meant for the JVM and the
 * start scripts ({@code KAFKA_HEAP_OPTS}, {@code KAFKA_OPTS}, ...) are not config keys.
 */
final class KafkaEnvironment {

    static final String PREFIX = "KAFKA_";

    /** What Kafka's start scripts and image read for themselves. */
    static final Set<String> NOT_CONFIG_KEYS = Set.of(
            "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_VERSION", "KAFKA_HOME", "KAFKA_LOG4J_ROOT_LOGLEVEL",
            "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", "KAFKA_JMX_PORT", "KAFKA_JMX_HOSTNAME",
            "KAFKA_CLASSPATH", "KAFKA_MODE");

    private KafkaEnvironment() {
    }

    /** The config keys {@code environment} sets, with their values, sorted by key. */
    static Map<String, String> configKeys(Map<String, String> environment) {
        Map<String, String> keys = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith(PREFIX) && variable.length() > PREFIX.length()
                    && !NOT_CONFIG_KEYS.contains(variable)) {
                keys.put(keyFor(variable), value.trim());
            }
        });
        return keys;
    }

    /** {@code KAFKA_LOG_RETENTION_MS} gives {@code log.retention.ms}. */
    static String keyFor(String variable) {
        String name = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            if (name.startsWith("___", i)) {
                key.append('-');
                i += 3;
            } else if (name.startsWith("__", i)) {
                key.append('_');
                i += 2;
            } else if (name.charAt(i) == '_') {
                key.append('.');
                i++;
            } else {
                key.append(name.charAt(i));
                i++;
            }
        }
        return key.toString();
    }

    /** The variable that sets {@code key}: {@code log.retention.ms} is set by {@code KAFKA_LOG_RETENTION_MS}. */
    static String variableFor(String key) {
        return PREFIX + key.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
