package io.hexalog.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's {@code listeners} and {@code advertised.listeners} ({@code NAME://host:port,...}), with
 * {@code listener.security.protocol.map} naming each listener's protocol. This broker serves one plaintext
 * listener: the controller's listeners ({@code controller.listener.names}) are left out, and a listener
 * whose protocol is {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL} stops the broker, so that it never
 * serves in plaintext what the configuration asked to secure.
 */
final class KafkaListeners {

    static final String LISTENERS = "listeners";
    static final String ADVERTISED_LISTENERS = "advertised.listeners";
    static final String SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    static final String PLAINTEXT = "PLAINTEXT";
    private static final Set<String> PROTOCOLS = Set.of(PLAINTEXT, "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** One listener: its name, and a host that is empty when Kafka would use the default (every address). */
    record Endpoint(String name, String host, int port) {
    }

    private KafkaListeners() {
    }

    /**
     * The listener to serve, if the keys name one.
     *
     * @throws BrokerStartupException naming the key for a listener that is not plaintext, a malformed one,
     *                                or more than one to serve
     */
    static Optional<Endpoint> served(ServerProperties keys) {
        Optional<String> listeners = keys.get(LISTENERS);
        if (listeners.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> protocols = protocols(keys);
        Set<String> controllers = Set.copyOf(names(keys.get(CONTROLLER_LISTENER_NAMES).orElse("")));
        List<Endpoint> served = new ArrayList<>();
        for (Endpoint endpoint : parse(listeners.get(), keys.origin(LISTENERS))) {
            requirePlaintext(endpoint, protocols, keys, LISTENERS);
            if (!controllers.contains(endpoint.name())) {
                served.add(endpoint);
            }
        }
        if (served.size() != 1) {
            throw new BrokerStartupException(keys.origin(LISTENERS) + " must name exactly one listener besides the "
                    + "controller's: this broker serves one, but it names " + served.size()
                    + (served.isEmpty() ? "" : " (" + String.join(", ", served.stream().map(Endpoint::name).toList()) + ")"));
        }
        return Optional.of(served.get(0));
    }

    /**
     * What clients are told for the served listener: the entry of {@code advertised.listeners} with its name.
     *
     * @throws BrokerStartupException for an advertised listener that is not plaintext, or a malformed one
     */
    static Optional<Endpoint> advertised(ServerProperties keys, String listenerName) {
        Optional<String> advertised = keys.get(ADVERTISED_LISTENERS);
        if (advertised.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> protocols = protocols(keys);
        Optional<Endpoint> found = Optional.empty();
        for (Endpoint endpoint : parse(advertised.get(), keys.origin(ADVERTISED_LISTENERS))) {
            requirePlaintext(endpoint, protocols, keys, ADVERTISED_LISTENERS);
            if (endpoint.name().equals(listenerName)) {
                found = Optional.of(endpoint);
            }
        }
        return found;
    }

    private static void requirePlaintext(Endpoint endpoint, Map<String, String> protocols, ServerProperties keys,
                                         String key) {
        String protocol = protocols.get(endpoint.name());
        if (protocol == null) {
            throw new BrokerStartupException(keys.origin(key) + ": listener " + endpoint.name()
                    + " has no security protocol; map it in " + SECURITY_PROTOCOL_MAP + " (NAME:PLAINTEXT)");
        }
        if (!protocol.equals(PLAINTEXT)) {
            throw new BrokerStartupException(keys.origin(key) + ": listener " + endpoint.name() + " asks for "
                    + protocol + ", and this broker serves only PLAINTEXT (no TLS, no SASL); it does not start "
                    + "in plaintext when the configuration asks for security");
        }
    }

    /**
     * Kafka's default map (each protocol's own name, and the controller's listeners in plaintext) under the
     * operator's.
     */
    private static Map<String, String> protocols(ServerProperties keys) {
        Map<String, String> protocols = new LinkedHashMap<>();
        PROTOCOLS.forEach(protocol -> protocols.put(protocol, protocol));
        names(keys.get(CONTROLLER_LISTENER_NAMES).orElse("")).forEach(name -> protocols.put(name, PLAINTEXT));
        Optional<String> map = keys.get(SECURITY_PROTOCOL_MAP);
        if (map.isPresent()) {
            for (String entry : names(map.get())) {
                int colon = entry.indexOf(':');
                String protocol = colon < 0 ? "" : entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
                if (colon < 1 || !PROTOCOLS.contains(protocol)) {
                    throw new BrokerStartupException(keys.origin(SECURITY_PROTOCOL_MAP) + " needs NAME:PROTOCOL "
                            + "entries with a protocol of " + String.join(", ", PROTOCOLS.stream().sorted().toList())
                            + ", was '" + entry + "'");
                }
                if (!protocol.equals(PLAINTEXT)) {
                    throw new BrokerStartupException(keys.origin(SECURITY_PROTOCOL_MAP) + " maps "
                            + entry.substring(0, colon).trim() + " to " + protocol + ", and this broker serves only "
                            + "PLAINTEXT (no TLS, no SASL); it does not start in plaintext when the configuration "
                            + "asks for security");
                }
                protocols.put(entry.substring(0, colon).trim().toUpperCase(Locale.ROOT), protocol);
            }
        }
        return protocols;
    }

    /** {@code PLAINTEXT://host:9092,CONTROLLER://:9093}, an IPv6 host in brackets. */
    static List<Endpoint> parse(String listeners, String origin) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String text : names(listeners)) {
            int scheme = text.indexOf("://");
            int colon = text.lastIndexOf(':');
            if (scheme < 1 || colon <= scheme) {
                throw malformed(origin, text);
            }
            String host = text.substring(scheme + 3, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw malformed(origin, text);
            }
            if (port < 0 || port > 65535) {
                throw malformed(origin, text);
            }
            endpoints.add(new Endpoint(text.substring(0, scheme).toUpperCase(Locale.ROOT), host, port));
        }
        return endpoints;
    }

    private static BrokerStartupException malformed(String origin, String listener) {
        return new BrokerStartupException(origin + " needs NAME://host:port entries with a port between 0 and "
                + "65535, such as PLAINTEXT://0.0.0.0:9092, was '" + listener + "'");
    }

    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }
}
