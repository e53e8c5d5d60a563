package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicName;

import java.util.List;

/** The configs of topics and of this broker (DescribeConfigs). */
public interface DescribeConfigsQuery {

    /**
     * Every config a topic honours with its value in force, sorted by name.
     *
     * @throws io.hexalog.domain.error.UnknownTopicOrPartitionException if there is no such topic
     */
    List<ConfigEntry> describeTopicConfigs(TopicName topic);

    /** This broker's configs, sorted by name; all read-only, as they are set at start. */
    List<ConfigEntry> describeBrokerConfigs();
}
