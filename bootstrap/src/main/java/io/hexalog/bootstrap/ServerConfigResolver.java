package io.hexalog.bootstrap;

import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.InvalidConfigurationException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides each broker setting from, in order: a flag given on the command line, the config file, the flag's
 * default (which is Kafka's default). Remembers which Kafka config names were set explicitly, so that
 * DescribeConfigs can tell an operator's value from a default.
 */
final class ServerConfigResolver {

    private final ServerProperties file;
    private final Predicate<String> flagGiven;
    private final Set<String> explicitlySet = new HashSet<>();

    /** @param flagGiven whether a flag, by its name such as {@code --num-partitions}, was on the command line */
    ServerConfigResolver(ServerProperties file, Predicate<String> flagGiven) {
        this.file = file;
        this.flagGiven = flagGiven;
    }

    int intValue(String flag, int flagValue, String key) {
        return resolve(flag, flagValue, key, value -> parse(key, value, Integer::parseInt));
    }

    long longValue(String flag, long flagValue, String key) {
        return resolve(flag, flagValue, key, value -> parse(key, value, Long::parseLong));
    }

    boolean booleanValue(String flag, boolean flagValue, String key) {
        return resolve(flag, flagValue, key, value -> switch (value.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "expected true or false");
        });
    }

    String stringValue(String flag, String flagValue, String key) {
        return resolve(flag, flagValue, key, Function.identity());
    }

    /** A value only the config file can give (no flag exists for it). */
    Optional<String> fileValue(String key) {
        Optional<String> value = file.get(key);
        value.ifPresent(ignored -> explicitlySet.add(key));
        return value;
    }

    /**
     * Kafka's {@code log.retention.ms}, falling back to {@code log.retention.minutes} and then
     * {@code log.retention.hours} in the file, as Kafka does.
     */
    long retentionMs(String flag, long flagValue) {
        if (flagGiven.test(flag) || file.get("log.retention.ms").isPresent()) {
            return longValue(flag, flagValue, "log.retention.ms");
        }
        Optional<Long> minutes = fileValue("log.retention.minutes").map(value -> parse("log.retention.minutes", value, Long::parseLong));
        if (minutes.isPresent()) {
            explicitlySet.add("log.retention.ms");
            return minutes.get() < 0 ? -1 : minutes.get() * 60_000L;
        }
        Optional<Long> hours = fileValue("log.retention.hours").map(value -> parse("log.retention.hours", value, Long::parseLong));
        if (hours.isPresent()) {
            explicitlySet.add("log.retention.ms");
            return hours.get() < 0 ? -1 : hours.get() * 3_600_000L;
        }
        return flagValue;
    }

    /**
     * The topics' defaults, checked by the same rules as topic configs (so {@code log.cleanup.policy=compact}
     * is refused as clearly as {@code cleanup.policy=compact}).
     */
    static LogConfig logDefaults(int maxMessageBytes, long retentionMs, long retentionBytes, String timestampType,
                                 String cleanupPolicy) {
        Map<String, String> asTopicConfigs = new LinkedHashMap<>();
        asTopicConfigs.put("max.message.bytes", Integer.toString(maxMessageBytes));
        asTopicConfigs.put("retention.ms", Long.toString(Math.max(-1, retentionMs)));
        asTopicConfigs.put("retention.bytes", Long.toString(retentionBytes));
        asTopicConfigs.put("message.timestamp.type", timestampType);
        asTopicConfigs.put("cleanup.policy", cleanupPolicy);
        try {
            return LogConfig.KAFKA_DEFAULTS.withOverrides(asTopicConfigs);
        } catch (InvalidConfigurationException e) {
            throw new BrokerStartupException("Invalid broker default for a topic config: " + e.getMessage());
        }
    }

    Set<String> explicitlySet() {
        return Set.copyOf(explicitlySet);
    }

    private <T> T resolve(String flag, T flagValue, String key, Function<String, T> parse) {
        if (flagGiven.test(flag)) {
            explicitlySet.add(key);
            return flagValue;
        }
        Optional<String> fromFile = file.get(key);
        if (fromFile.isPresent()) {
            explicitlySet.add(key);
            return parse.apply(fromFile.get());
        }
        return flagValue;
    }

    private <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "not a number");
        }
    }

    private BrokerStartupException invalid(String key, String value, String reason) {
        return new BrokerStartupException("Invalid value '" + value + "' for " + key + " in " + file.file() + ": " + reason);
    }
}
