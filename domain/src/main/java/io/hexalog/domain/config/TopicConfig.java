package io.hexalog.domain.config;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.log.TimestampType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topic configs this broker honours, with Kafka's names, the broker config each one defaults from, and
 * the rule its value must follow. Every other name is refused with INVALID_CONFIG: a Kafka topic config this
 * broker does not act on (indexes, replication throttles, tiered storage...) is named as such, so that nobody
 * believes it took effect.
 */
public enum TopicConfig {

    /** {@code delete}, {@code compact} or both. */
    CLEANUP_POLICY("cleanup.policy", "log.cleanup.policy", ConfigType.LIST,
            "How old records are cleaned up: \"delete\" removes whole batches from the head of the log once "
                    + "retention.ms or retention.bytes is exceeded; \"compact\" keeps the latest record of every key "
                    + "in the cleanable part of the log; both may be given.") {
        @Override
        String normalize(String value) {
            return parsePolicy(value).configValue();
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCleanupPolicy(parsePolicy(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return config.cleanupPolicy().configValue();
        }

        private CleanupPolicy parsePolicy(String value) {
            List<String> policies = TopicConfig.splitList(value);
            if (policies.isEmpty()) {
                throw invalid(value, "it must name a cleanup policy: \"delete\", \"compact\" or both");
            }
            return CleanupPolicy.of(policies)
                    .orElseThrow(() -> invalid(value, "String must be one of: compact, delete"));
        }
    },

    /** Batches larger than this are refused with MESSAGE_TOO_LARGE. */
    MAX_MESSAGE_BYTES("max.message.bytes", "message.max.bytes", ConfigType.INT,
            "The largest record batch size allowed, in bytes. Larger batches are refused with MESSAGE_TOO_LARGE.") {
        @Override
        String normalize(String value) {
            return Integer.toString(parseInt(value, 0));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withMaxMessageBytes(Integer.parseInt(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return Integer.toString(config.maxMessageBytes());
        }
    },

    /** CreateTime keeps the producer's timestamps; LogAppendTime has the broker stamp each batch. */
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", "log.message.timestamp.type", ConfigType.STRING,
            "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime).") {
        @Override
        String normalize(String value) {
            parseTimestampType(value);
            return value;
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withMessageTimestampType(parseTimestampType(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return timestampTypeName(config.messageTimestampType());
        }

        private TimestampType parseTimestampType(String value) {
            return switch (value) {
                case "CreateTime" -> TimestampType.CREATE_TIME;
                case "LogAppendTime" -> TimestampType.LOG_APPEND_TIME;
                default -> throw invalid(value, "String must be one of: CreateTime, LogAppendTime");
            };
        }
    },

    /** The log keeps at least this many bytes; older whole batches beyond it are removed. -1: no limit. */
    RETENTION_BYTES("retention.bytes", "log.retention.bytes", ConfigType.LONG,
            "The size a partition log may grow to before its oldest batches are deleted, in bytes; -1 for no limit.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, Long.MIN_VALUE));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withRetentionBytes(Long.parseLong(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.retentionBytes());
        }
    },

    /** Batches whose newest timestamp is older than this are removed. -1: no limit. */
    RETENTION_MS("retention.ms", "log.retention.ms", ConfigType.LONG,
            "How long a batch is kept, judged by its newest record timestamp, in milliseconds; -1 for no limit.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, -1));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withRetentionMs(Long.parseLong(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.retentionMs());
        }
    },

    /** The active segment closes when it would grow past this many bytes; only closed segments are compacted. */
    SEGMENT_BYTES("segment.bytes", "log.segment.bytes", ConfigType.INT,
            "The size the active segment of the log may reach before it closes, in bytes. Hexalog has no segment "
                    + "files: the active segment is the records after the point where the log last closed one, "
                    + "and it is never compacted.") {
        @Override
        String normalize(String value) {
            return Integer.toString(parseInt(value, CompactionConfig.MIN_SEGMENT_BYTES));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withSegmentBytes(Integer.parseInt(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Integer.toString(config.compaction().segmentBytes());
        }
    },

    /** The active segment closes when a batch is this much newer than its first; then it may be compacted. */
    SEGMENT_MS("segment.ms", "log.roll.ms", ConfigType.LONG,
            "How long the active segment of the log stays open, in milliseconds: it closes when a batch is this "
                    + "much newer than the segment's first one.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, 1));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withSegmentMs(Long.parseLong(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.compaction().segmentMs());
        }
    },

    /** The cleaner takes a log whose uncleaned share of the cleanable part is above this. */
    MIN_CLEANABLE_DIRTY_RATIO("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio", ConfigType.DOUBLE,
            "How much of the cleanable part of a compacted log must be uncleaned (dirty) before the cleaner "
                    + "takes it: a share between 0 and 1.") {
        @Override
        String normalize(String value) {
            return Double.toString(parseRatio(value));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withMinCleanableDirtyRatio(Double.parseDouble(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Double.toString(config.compaction().minCleanableDirtyRatio());
        }

        private double parseRatio(String value) {
            double ratio;
            try {
                ratio = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw invalid(value, "Not a number of type DOUBLE");
            }
            if (!(ratio >= 0 && ratio <= 1)) {
                throw invalid(value, "Value must be between 0 and 1");
            }
            return ratio;
        }
    },

    /** Records younger than this are never compacted. */
    MIN_COMPACTION_LAG_MS("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms", ConfigType.LONG,
            "The least time a record stays uncompacted, in milliseconds.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, 0));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withMinCompactionLagMs(Long.parseLong(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.compaction().minCompactionLagMs());
        }
    },

    /** A record left uncompacted longer than this has its log cleaned whatever the dirty ratio. */
    MAX_COMPACTION_LAG_MS("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms", ConfigType.LONG,
            "The most time a record stays uncompacted once its segment is closed, in milliseconds.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, 1));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withMaxCompactionLagMs(Long.parseLong(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.compaction().maxCompactionLagMs());
        }
    },

    /** A tombstone stays this long after the cleaner first kept it, so that consumers see the deletion. */
    DELETE_RETENTION_MS("delete.retention.ms", "log.cleaner.delete.retention.ms", ConfigType.LONG,
            "How long a tombstone (a record with a key and no value) is kept in a compacted log once cleaned, in "
                    + "milliseconds, so that a consumer reading from the start sees the deletion.") {
        @Override
        String normalize(String value) {
            return Long.toString(parseLong(value, 0));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withCompaction(config.compaction().withDeleteRetentionMs(Long.parseLong(value)));
        }

        @Override
        String valueIn(LogConfig config) {
            return Long.toString(config.compaction().deleteRetentionMs());
        }
    },

    /** acks=all produce is refused with NOT_ENOUGH_REPLICAS while fewer replicas than this are in sync. */
    MIN_INSYNC_REPLICAS("min.insync.replicas", "min.insync.replicas", ConfigType.INT,
            "How many of a partition's replicas must be in sync for a produce with acks=all to be taken; with fewer, "
                    + "it is refused with NOT_ENOUGH_REPLICAS. Never more than the partition's replicas; in a cluster, "
                    + "at most a majority of them, which is what acks=all waits for.") {
        @Override
        String normalize(String value) {
            return Integer.toString(parseInt(value, 1));
        }

        @Override
        LogConfig apply(LogConfig config, String value) {
            return config.withMinInSyncReplicas(Integer.parseInt(value));
        }

        @Override
        String valueIn(LogConfig config) {
            return Integer.toString(config.minInSyncReplicas());
        }
    };

    /** Kafka topic configs this broker knows of but does not act on: refused, with a clear reason. */
    private static final Set<String> KAFKA_CONFIGS_NOT_SUPPORTED = Set.of(
            "compression.type", "compression.gzip.level", "compression.lz4.level", "compression.zstd.level",
            "file.delete.delay.ms", "flush.messages", "flush.ms",
            "follower.replication.throttled.replicas", "index.interval.bytes",
            "leader.replication.throttled.replicas", "local.retention.bytes", "local.retention.ms",
            "message.downconversion.enable", "message.format.version",
            "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
            "message.timestamp.difference.max.ms", "preallocate", "remote.log.copy.disable", "remote.log.delete.on.disable",
            "remote.storage.enable", "segment.index.bytes", "segment.jitter.ms", "unclean.leader.election.enable");

    private final String configName;
    private final String brokerSynonym;
    private final ConfigType type;
    private final String documentation;

    TopicConfig(String configName, String brokerSynonym, ConfigType type, String documentation) {
        this.configName = configName;
        this.brokerSynonym = brokerSynonym;
        this.type = type;
        this.documentation = documentation;
    }

    /** The topic config's name, as clients set it. */
    public String configName() {
        return configName;
    }

    /** The broker config that gives this topic config its default. */
    public String brokerSynonym() {
        return brokerSynonym;
    }

    public ConfigType type() {
        return type;
    }

    public String documentation() {
        return documentation;
    }

    /** Checks a value and returns it in canonical form. */
    abstract String normalize(String value);

    abstract LogConfig apply(LogConfig config, String normalizedValue);

    abstract String valueIn(LogConfig config);

    public static Optional<TopicConfig> find(String configName) {
        return Arrays.stream(values()).filter(config -> config.configName.equals(configName)).findFirst();
    }

    /**
     * The config of this name.
     *
     * @throws InvalidConfigurationException for a name this broker does not honour
     */
    public static TopicConfig named(String configName) {
        return find(configName).orElseThrow(() -> {
            if (KAFKA_CONFIGS_NOT_SUPPORTED.contains(configName)) {
                return new InvalidConfigurationException("Topic config " + configName
                        + " is not supported by this broker, which stores whole batches without segment files,"
                        + " indexes, replication throttles or tiered storage");
            }
            return new InvalidConfigurationException("Unknown topic config name: " + configName);
        });
    }

    /**
     * Checks topic config overrides: every name must be one this broker honours and every value valid.
     *
     * @return the overrides with values in canonical form
     * @throws InvalidConfigurationException naming the first config that is wrong, and why
     */
    public static Map<String, String> validate(Map<String, String> overrides) {
        Map<String, String> valid = new LinkedHashMap<>();
        overrides.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(override -> {
            TopicConfig config = named(override.getKey());
            if (override.getValue() == null) {
                throw new InvalidConfigurationException("Null value not supported for topic config " + override.getKey());
            }
            valid.put(config.configName, config.normalize(override.getValue().trim()));
        });
        return valid;
    }

    InvalidConfigurationException invalid(String value, String reason) {
        return new InvalidConfigurationException("Invalid value " + value + " for configuration " + configName
                + ": " + reason);
    }

    int parseInt(String value, int minimum) {
        long parsed = parseLong(value, minimum);
        if (parsed > Integer.MAX_VALUE) {
            throw invalid(value, "Not a number of type INT");
        }
        return (int) parsed;
    }

    long parseLong(String value, long minimum) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "Not a number of type " + type);
        }
        if (parsed < minimum) {
            throw invalid(value, "Value must be at least " + minimum);
        }
        return parsed;
    }

    /** Splits a LIST value on commas, dropping blanks and repeats. */
    static List<String> splitList(String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    static String timestampTypeName(TimestampType type) {
        return type == TimestampType.CREATE_TIME ? "CreateTime" : "LogAppendTime";
    }
}
