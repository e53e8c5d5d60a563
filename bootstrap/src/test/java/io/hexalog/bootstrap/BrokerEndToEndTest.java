package io.hexalog.bootstrap;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A test class run against a broker started for it; annotated {@link OnEveryStorage}, it runs once per
 * storage kind. Subclasses reach the broker through {@link #BROKER}.
 */
abstract class BrokerEndToEndTest {

    static RunningBroker BROKER;

    /** The storage kind of this run; declaring it lets the class lifecycle methods receive it. */
    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        BROKER = RunningBroker.start(storage);
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        BROKER.close();
    }
}
