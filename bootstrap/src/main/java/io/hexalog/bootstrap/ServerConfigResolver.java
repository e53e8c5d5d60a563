package io.hexalog.bootstrap;

import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.InvalidConfigurationException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides each broker setting from, in order: a flag given on the command line, the config keys (from
 * {@code --override}, the environment and the config file, see {@link ServerProperties}), the flag's default
 * (which is Kafka's default). Remembers which Kafka config names were set explicitly, so that
 * DescribeConfigs can tell an operator's value from a default.
 */
final class ServerConfigResolver {

    private final ServerProperties file;
    private final Predicate<String> flagGiven;
    private final Set<String> explicitlySet = new HashSet<>();
    private final Map<String, String> effective = new TreeMap<>();
    private final Map<String, String> fromKeys = new LinkedHashMap<>();

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

    double doubleValue(String flag, double flagValue, String key) {
        return resolve(flag, flagValue, key, value -> parse(key, value, Double::parseDouble));
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
        value.ifPresent(given -> {
            explicitlySet.add(key);
            effective.put(key, given);
        });
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
        effective.put("log.retention.ms", Long.toString(flagValue));
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
     * The topics' defaults, checked by the same rules as topic configs (so {@code log.segment.bytes=1000} is
     * refused as clearly as {@code segment.bytes=1000}).

     * @param compaction the broker defaults of the compaction topic configs, by topic config name
     */
    static LogConfig logDefaults(int maxMessageBytes, long retentionMs, long retentionBytes, String timestampType,
                                 String cleanupPolicy, int minInSyncReplicas, Map<String, String> compaction) {
        Map<String, String> asTopicConfigs = new LinkedHashMap<>(compaction);
        asTopicConfigs.put("max.message.bytes", Integer.toString(maxMessageBytes));
        asTopicConfigs.put("retention.ms", Long.toString(Math.max(-1, retentionMs)));
        asTopicConfigs.put("retention.bytes", Long.toString(retentionBytes));
        asTopicConfigs.put("message.timestamp.type", timestampType);
        asTopicConfigs.put("cleanup.policy", cleanupPolicy);
        asTopicConfigs.put("min.insync.replicas", Integer.toString(minInSyncReplicas));
        try {
            return LogConfig.KAFKA_DEFAULTS.withOverrides(asTopicConfigs);
        } catch (InvalidConfigurationException e) {
            throw new BrokerStartupException("Invalid broker default for a topic config: " + e.getMessage());
        }
    }

    Set<String> explicitlySet() {
        return Set.copyOf(explicitlySet);
    }

    /** Every key resolved so far with its value in force, whether set or left at its default, sorted. */
    Map<String, String> effective() {
        return new TreeMap<>(effective);
    }

    /**
     * A message about a flag's value, such as {@code --num-partitions must be at least 1, was 0}, told about
     * the key the operator wrote instead when the value came from the config file, the environment or
     * {@code --override} ({@code num.partitions in server.properties must be at least 1, was 0}).
     */
    String inTermsOfWhatWasWritten(String message) {
        for (Map.Entry<String, String> flagAndOrigin : fromKeys.entrySet()) {
            Matcher flag = Pattern.compile("^" + Pattern.quote(flagAndOrigin.getKey()) + "( \\([^)]*\\))?(?= )")
                    .matcher(message);
            if (flag.find()) {
                return flagAndOrigin.getValue() + message.substring(flag.end());
            }
        }
        return message;
    }

    private <T> T resolve(String flag, T flagValue, String key, Function<String, T> parse) {
        T value = flagValue;
        if (flagGiven.test(flag)) {
            explicitlySet.add(key);
        } else {
            Optional<String> fromFile = file.get(key);
            if (fromFile.isPresent()) {
                explicitlySet.add(key);
                fromKeys.put(flag, file.origin(key));
                value = parse.apply(fromFile.get());
            }
        }
        effective.put(key, value == null ? "" : value.toString());
        return value;
    }

    private <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "not a number");
        }
    }

    private BrokerStartupException invalid(String key, String value, String reason) {
        return new BrokerStartupException("Invalid value '" + KafkaConfigKeys.masked(key, value) + "' for "
                + file.origin(key) + ": " + reason);
    }
}
