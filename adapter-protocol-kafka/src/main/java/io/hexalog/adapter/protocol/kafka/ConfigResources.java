package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.error.InvalidRequestException;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The config resources named in DescribeConfigs, AlterConfigs and IncrementalAlterConfigs: topics by name,
 * this broker by its node ID ({@code ""} names the cluster-wide broker defaults), and this broker's loggers by
 * its node ID. Other kinds (client metrics, groups) are not served here and get INVALID_REQUEST.
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
                && type != ConfigResource.Type.BROKER_LOGGER) {
            throw new InvalidRequestException("Config resource type " + type + " (" + id + ") is not supported;"
                    + " this broker serves topic, broker and broker logger configs");
        }
        return type;
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
