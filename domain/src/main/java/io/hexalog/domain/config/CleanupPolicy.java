package io.hexalog.domain.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What happens to old records ({@code cleanup.policy}): {@code delete} removes whole batches from the head of the
 * log once retention is exceeded; {@code compact} keeps the latest record of every key in the cleanable part of the
 * log (see {@code docs/adr/0010-the-active-segment-of-a-log-without-segment-files.md}); both may be set together.
 */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact"),
    COMPACT_DELETE("compact,delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Whether the background cleaner keeps only the latest record per key. */
    public boolean compacts() {
        return this != DELETE;
    }

    /** Whether retention deletes old batches from the head of the log. */
    public boolean deletes() {
        return this != COMPACT;
    }

    /** The policy naming exactly these, in any order and without repeats; empty for none or unknown ones. */
    static Optional<CleanupPolicy> of(List<String> policies) {
        boolean compact = policies.contains(COMPACT.configValue);
        boolean delete = policies.contains(DELETE.configValue);
        if (policies.size() != (compact ? 1 : 0) + (delete ? 1 : 0) || policies.isEmpty()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(policy -> policy.compacts() == compact && policy.deletes() == delete)
                .findFirst();
    }
}
