package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

/** Creates topics (CreateTopics). */
public interface CreateTopicUseCase {

    /**
     * @return the topic as created (or as it would be, for a validate-only command)
     * @throws io.hexalog.domain.error.TopicAlreadyExistsException        if the name is taken
     * @throws io.hexalog.domain.error.InvalidPartitionsException         for a partition count below 1
     * @throws io.hexalog.domain.error.InvalidReplicationFactorException  for more replicas than brokers
     * @throws io.hexalog.domain.error.InvalidConfigurationException      for configs the broker cannot honour
     */
    Topic createTopic(CreateTopicCommand command);
}
