package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
     * @return completes with the failure to report for this resource, if any; never fails
     */
    static CompletableFuture<Optional<Throwable>> alterTopic(ConfigResources resources, byte resourceType,
                                                             String resourceName,
                                                             Function<TopicName, CompletableFuture<?>> alteration) {
        return Futures.attempt(() -> {
            if (resources.type(resourceType) == ConfigResource.Type.BROKER_LOGGER) {
                resources.requireThisBrokersLoggers(resourceName);
                throw new InvalidRequestException("AlterConfigs does not change broker loggers; "
                        + "IncrementalAlterConfigs does (kafka-configs.sh --entity-type broker-loggers uses it)");
            }
            if (resources.type(resourceType) == ConfigResource.Type.BROKER) {
                resources.isClusterDefault(resourceName);
                throw new InvalidRequestException("Cannot update broker configs dynamically: they are read-only and"
                        + " set with flags or in the --config file when the broker starts");
            }
            return alteration.apply(TopicName.of(resourceName));
        }).handle((altered, failure) -> Optional.ofNullable(failure));
    }
}
