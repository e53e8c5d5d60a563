package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: a topic resource is altered, a broker resource is
 * refused. Broker configs come from flags and the config file and cannot change while the broker runs;
 * Kafka answers INVALID_REQUEST for configs it cannot update dynamically, and so does this broker.
 */
final class ConfigAlteration {

    private ConfigAlteration() {
    }

    /**
     * Applies {@code alteration} to the topic a resource names.
     *
     * @return the failure to report for this resource, if any
     */
    static Optional<HexalogException> alterTopic(ConfigResources resources, byte resourceType, String resourceName,
                                                 Consumer<TopicName> alteration) {
        try {
            if (resources.type(resourceType) == ConfigResource.Type.BROKER) {
                resources.isClusterDefault(resourceName);
                throw new InvalidRequestException("Cannot update broker configs dynamically: they are read-only and"
                        + " set with flags or in the --config file when the broker starts");
            }
            alteration.accept(TopicName.of(resourceName));
            return Optional.empty();
        } catch (HexalogException e) {
            return Optional.of(e);
        }
    }
}
