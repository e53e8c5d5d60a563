package io.hexalog.bootstrap;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the Kafka listener binds and what it tells clients, from the flags ({@code --host}, {@code --port},
 * {@code --advertised-host}) over the config keys ({@code listeners}, {@code advertised.listeners}).
 *
 * @param advertisedHost empty when neither a flag nor {@code advertised.listeners} names one
 * @param advertisedPort the port of {@code advertised.listeners}, or 0 for the port the listener binds
 */
record ListenerAddresses(String host, int port, Optional<String> advertisedHost, int advertisedPort) {

    static final String WILDCARD = "0.0.0.0";

    /**
     * @param flagGiven whether a flag, by its name such as {@code --host}, was on the command line
     * @throws BrokerStartupException for listeners this broker cannot serve, naming the key
     */
    static ListenerAddresses of(ServerProperties keys, Predicate<String> flagGiven, String hostFlag, int portFlag,
                                String advertisedHostFlag) {
        Optional<KafkaListeners.Endpoint> served = KafkaListeners.served(keys);
        String host = flagGiven.test("--host") ? hostFlag
                : served.map(endpoint -> endpoint.host().isEmpty() ? WILDCARD : endpoint.host()).orElse(hostFlag);
        int port = flagGiven.test("--port") ? portFlag : served.map(KafkaListeners.Endpoint::port).orElse(portFlag);
        Optional<KafkaListeners.Endpoint> advertised = KafkaListeners.advertised(keys,
                served.map(KafkaListeners.Endpoint::name).orElse(KafkaListeners.PLAINTEXT));
        Optional<String> advertisedHost = advertisedHostFlag != null ? Optional.of(advertisedHostFlag)
                : advertised.map(KafkaListeners.Endpoint::host).filter(name -> !name.isEmpty());
        return new ListenerAddresses(host, port, advertisedHost, advertised.map(KafkaListeners.Endpoint::port).orElse(0));
    }
}
