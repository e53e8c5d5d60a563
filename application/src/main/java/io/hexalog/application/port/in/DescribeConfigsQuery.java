package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;

import java.util.List;

/** The configs of topics, of groups and of this broker (DescribeConfigs). */
public interface DescribeConfigsQuery {

    /**
     * Every config a topic honours with its value in force, sorted by name.
     *
     * @throws io.hexalog.domain.error.UnknownTopicOrPartitionException if there is no such topic
     */
    List<ConfigEntry> describeTopicConfigs(TopicName topic);

    /**
     * The configs of a topic as given rather than as stored, as {@link #describeTopicConfigs(TopicName)}
     * reports them: for a topic just created, or one a validate-only CreateTopics would create.
     */
    List<ConfigEntry> describeConfigsOf(Topic topic);

    /**
     * Every config a group may set for itself (config resource type GROUP) with its value in force: the group's own
     * ({@link ConfigSource#GROUP_CONFIG}) or the broker's ({@link ConfigSource#DEFAULT_CONFIG}), sorted by name. Any
     * group ID may be described, whether a group of that ID exists or not, as in Kafka.
     */
    List<ConfigEntry> describeGroupConfigs(GroupId group);

    /** This broker's configs, sorted by name; all read-only, as they are set at start. */
    List<ConfigEntry> describeBrokerConfigs();
}
