package io.hexalog.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A topic created as the broker starts, as a CreateTopics request would create it: {@link #name()} follows
 * Kafka's rules, and every config left out takes the broker's default.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Topic {

    String name();

    /** At least 1. */
    int partitions() default 1;

    /** Topic configs as {@code key=value}, such as {@code "cleanup.policy=compact"} or {@code "retention.ms=60000"}. */
    String[] configs() default {};
}
