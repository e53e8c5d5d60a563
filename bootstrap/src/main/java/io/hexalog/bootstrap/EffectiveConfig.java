package io.hexalog.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration the broker starts with, logged once as Kafka logs its own ({@code KafkaConfig values:}),
 * every key with the value in force whether it was set or left at its default, secrets masked.
 */
final class EffectiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(EffectiveConfig.class);

    private EffectiveConfig() {
    }

    static void log(ServerConfig config, Map<String, String> resolvedKeys, LogSettings logging, ServerProperties given) {
        LOG.info(text(config, resolvedKeys, logging, given));
    }

    /**
     * One line per key, {@code key = value}, sorted by key, after a heading line; keys given but not read
     * are shown too, marked as ignored.
     */
    static String text(ServerConfig config, Map<String, String> resolvedKeys, LogSettings logging,
                       ServerProperties given) {
        Map<String, String> values = new TreeMap<>(resolvedKeys);
        // Shown under Kafka's present names, whichever synonym was read.
        synonym(values, "broker.id", "node.id");
        synonym(values, "log.dir", "log.dirs");
        given.unknownKeys().forEach(key -> values.put(key + " (ignored)", given.get(key).orElse("")));
        ServerConfig.Listener listener = config.listener();
        values.put(KafkaListeners.LISTENERS, KafkaListeners.PLAINTEXT + "://" + listener.host() + ":" + listener.port());
        values.put(KafkaListeners.ADVERTISED_LISTENERS, KafkaListeners.PLAINTEXT + "://" + listener.advertisedHost()
                + ":" + (listener.advertisedPort() != 0 ? listener.advertisedPort() : listener.port()));
        values.put("num.network.threads", Integer.toString(listener.ioThreads()));
        values.put(LogSettings.FORMAT_KEY, logging.format().name().toLowerCase());
        values.put("storage (--storage)", config.storage().kind().name().toLowerCase());
        values.put("fsync (--fsync)", config.storage().fsync().name().toLowerCase());
        StringBuilder text = new StringBuilder("Hexalog config values:");
        values.forEach((key, value) -> text.append("\n\t").append(key).append(" = ")
                .append(KafkaConfigKeys.masked(key.replace(" (ignored)", ""), value)));
        return text.toString();
    }

    private static void synonym(Map<String, String> values, String old, String current) {
        String value = values.remove(old);
        if (value != null) {
            values.putIfAbsent(current, value);
        }
    }
}
