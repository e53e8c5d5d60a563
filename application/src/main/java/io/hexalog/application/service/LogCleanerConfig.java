package io.hexalog.application.service;

import io.hexalog.domain.compaction.DedupeBuffer;
import io.hexalog.domain.config.CleanupPolicy;
import io.hexalog.domain.config.CompactionConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * The broker's settings of log compaction: whether the cleaner runs, how long it rests when no log needs cleaning,
 * how much memory one cleaning's keys take, and the defaults of the topic configs it obeys.
 *
 * @param enabled       {@code log.cleaner.enable}: whether compacted topics are cleaned at all
 * @param backoff       {@code log.cleaner.backoff.ms}: how long the cleaner sleeps when no log needs cleaning
 * @param cleanupPolicy {@code log.cleanup.policy}: the default {@code cleanup.policy} of topics
 * @param compaction    the defaults of the topics' compaction configs ({@code log.segment.bytes},
 *                      {@code log.roll.ms}, {@code log.cleaner.*})
 * @param dedupeBuffer  {@code log.cleaner.dedupe.buffer.size} and {@code log.cleaner.io.buffer.load.factor}: the
 *                      most keys one cleaning indexes
 */
public record LogCleanerConfig(boolean enabled, Duration backoff, CleanupPolicy cleanupPolicy,
                               CompactionConfig compaction, DedupeBuffer dedupeBuffer) {

    /** Kafka's {@code log.cleaner.backoff.ms} default: fifteen seconds. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(15);

    public LogCleanerConfig {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(compaction, "compaction");
        Objects.requireNonNull(dedupeBuffer, "dedupeBuffer");
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("log.cleaner.backoff.ms must be positive: " + backoff.toMillis());
        }
    }

    public static LogCleanerConfig kafkaDefaults() {
        return new LogCleanerConfig(true, DEFAULT_BACKOFF, CleanupPolicy.DELETE, CompactionConfig.KAFKA_DEFAULTS,
                DedupeBuffer.KAFKA_DEFAULTS);
    }

    /** These settings, with the cleaner resting {@code interval} between rounds with nothing to clean. */
    public LogCleanerConfig withBackoff(Duration interval) {
        return new LogCleanerConfig(enabled, interval, cleanupPolicy, compaction, dedupeBuffer);
    }

    /** These settings, with each cleaning indexing at most the keys {@code buffer} holds. */
    public LogCleanerConfig withDedupeBuffer(DedupeBuffer buffer) {
        return new LogCleanerConfig(enabled, backoff, cleanupPolicy, compaction, buffer);
    }
}
