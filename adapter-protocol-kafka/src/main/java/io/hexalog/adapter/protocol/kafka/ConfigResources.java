package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.group.GroupId;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The config resources named in DescribeConfigs, AlterConfigs and IncrementalAlterConfigs: topics by name,
 * groups by ID (KIP-848), this broker by its node ID ({@code ""} names the cluster-wide broker defaults), and this
 * broker's loggers by its node ID. Other kinds (client metrics) are not served here and get INVALID_REQUEST.
 */
final class ConfigResources {

    /** The name that stands for the cluster-wide broker defaults rather than one broker. */
    static final String CLUSTER_DEFAULT = "";

    private final DescribeClusterQuery cluster;

    ConfigResources(DescribeClusterQuery cluster) {
        this.cluster = cluster;
    }

    /**
     * @throws InvalidRequestException for a resource kind this broker does not serve
     */
    ConfigResource.Type type(byte id) {
        ConfigResource.Type type = ConfigResource.Type.forId(id);
        if (type != ConfigResource.Type.TOPIC && type != ConfigResource.Type.BROKER
                && type != ConfigResource.Type.BROKER_LOGGER && type != ConfigResource.Type.GROUP) {
            throw new InvalidRequestException("Config resource type " + type + " (" + id + ") is not supported;"
                    + " this broker serves topic, group, broker and broker logger configs");
        }
        return type;
    }

    /**
     * The group a group resource names, for DescribeConfigs.
     *
     * @throws InvalidRequestException for an empty name, with Kafka's words
     */
    static GroupId describedGroup(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Group name must not be empty");
        }
        return GroupId.of(name);
    }

    /**
     * The group a group resource names, for AlterConfigs and IncrementalAlterConfigs.
     *
     * @throws InvalidRequestException for an empty name: Kafka has no default group resource
     */
    static GroupId alteredGroup(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Default group resources are not allowed.");
        }
        return GroupId.of(name);
    }

    /**
     * Checks that a broker logger resource names this broker.
     *
     * @throws InvalidRequestException for another broker's ID or a name that is no ID
     */
    void requireThisBrokersLoggers(String brokerName) {
        if (CLUSTER_DEFAULT.equals(brokerName) || isClusterDefault(brokerName)) {
            throw new InvalidRequestException("A broker logger resource must name a broker by its ID, "
                    + cluster.localBroker().nodeId());
        }
    }

    /**
     * Checks that a broker resource names this broker or the cluster-wide defaults.
     *
     * @return whether it names the cluster-wide defaults
     * @throws InvalidRequestException for another broker's ID or a name that is no ID
     */
    boolean isClusterDefault(String brokerName) {
        if (CLUSTER_DEFAULT.equals(brokerName)) {
            return true;
        }
        int self = cluster.localBroker().nodeId();
        if (!Integer.toString(self).equals(brokerName)) {
            throw new InvalidRequestException("Unexpected broker id, expected " + self
                    + " or empty string, but received " + brokerName);
        }
        return false;
    }
}
