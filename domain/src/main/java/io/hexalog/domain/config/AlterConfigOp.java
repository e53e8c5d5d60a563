package io.hexalog.domain.config;

import java.util.Objects;

/**
 * One change to one config, as IncrementalAlterConfigs sends it (KIP-339).
 *
 * @param value the value to set, append or subtract; ignored by {@link OpType#DELETE}
 */
public record AlterConfigOp(OpType opType, String name, String value) {

    public AlterConfigOp {
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(name, "name");
    }

    /** What to do with the config. */
    public enum OpType {
        /** Set the value, overriding the default. */
        SET,
        /** Remove the override: the default applies again. */
        DELETE,
        /** Add items to a list config (starting from its current value, default included), without repeats. */
        APPEND,
        /** Remove items from a list config (starting from its current value, default included). */
        SUBTRACT
    }
}
