package io.hexalog.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} field or parameter that receives what a client of the {@link HexalogBroker} puts in
 * {@code bootstrap.servers}, such as {@code 127.0.0.1:41234}. Static fields are set before {@code @BeforeAll}
 * methods run (with a broker per class), instance fields before {@code @BeforeEach} methods; parameters of
 * constructors, lifecycle methods and test methods are resolved the same way.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BootstrapServers {
}
