package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: a topic or group resource is altered, a broker resource is
 * refused. Broker configs come from flags and the config file and cannot change while the broker runs;
 * Kafka answers INVALID_REQUEST for configs it cannot update dynamically, and so does this broker.
 */
final class ConfigAlteration {

    private ConfigAlteration() {
    }

    /**
     * Applies {@code topicAlteration} to the topic a resource names, or {@code groupAlteration} to the group.
     *
     * @return completes with the failure to report for this resource, if any; never fails
     */
    static CompletableFuture<Optional<Throwable>> alter(ConfigResources resources, byte resourceType,
                                                        String resourceName,
                                                        Function<TopicName, CompletableFuture<?>> topicAlteration,
                                                        Function<GroupId, CompletableFuture<?>> groupAlteration) {
        return Futures.<Void>attempt(() -> {
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
            if (resources.type(resourceType) == ConfigResource.Type.GROUP) {
                return groupAlteration.apply(ConfigResources.alteredGroup(resourceName)).thenAccept(altered -> { });
            }
            return topicAlteration.apply(TopicName.of(resourceName)).thenAccept(altered -> { });
        }).handle((altered, failure) -> Optional.ofNullable(failure));
    }
}
