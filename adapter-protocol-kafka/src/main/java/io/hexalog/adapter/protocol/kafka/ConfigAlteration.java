package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.InvalidRequestException;

/**
 * Broker configs come from flags and the config file and cannot change while the broker runs; Kafka
 * answers INVALID_REQUEST for configs it cannot update dynamically, and so does this broker.
 */
final class ReadOnlyBrokerConfigs {

    private ReadOnlyBrokerConfigs() {
    }

    /** The refusal for altering a broker resource, after checking that the resource names this broker. */
    static InvalidRequestException refusal(ConfigResources resources, String brokerName) {
        resources.isClusterDefault(brokerName);
        return new InvalidRequestException("Cannot update broker configs dynamically: they are read-only and set"
                + " with flags or in the --config file when the broker starts");
    }
}
