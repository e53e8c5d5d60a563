package io.hexalog.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Hexalog broker inside the test JVM for the annotated test class, on 127.0.0.1 and a free port, and
 * hands its address to fields and parameters annotated {@link BootstrapServers}:
 *
 * <pre>{@code
 * @HexalogBroker(topics = @Topic(name = "orders", partitions = 3))
 * class OrderServiceTest {
 *
 *     @BootstrapServers
 *     String servers;
 *
 *     @Test
 *     void shouldPublishAnOrder() { ... new KafkaProducer<>(Map.of("bootstrap.servers", servers, ...)) ... }
 * }
 * }</pre>
 *
 * <p>The broker is the one {@code java -jar hexalog.jar} runs, assembled the same way, with Kafka's defaults
 * except that a consumer group's first rebalance does not wait for more members (as the {@code server.properties}
 * shipped with Kafka sets it for development).
 * Its {@link #topics()} exist before the first test; it is stopped, and its data directory deleted, after the
 * last test of its {@link #lifecycle()}. A fatal error of the broker (such as running out of memory) does not end
 * the test JVM: it fails the test that was running, and the ones after it.
 *
 * <p>{@link org.junit.jupiter.api.Nested} classes share the broker of the class that encloses them unless they
 * carry an annotation of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HexalogExtension.class)
public @interface HexalogBroker {

    /** Where the broker keeps records: in memory (the default), or in RocksDB in a temporary directory. */
    Storage storage() default Storage.MEMORY;

    /** Topics created when the broker starts, before any test runs. */
    Topic[] topics() default {};

    /** Whether one broker serves the whole class (the default) or each test method gets a fresh one. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;
}
