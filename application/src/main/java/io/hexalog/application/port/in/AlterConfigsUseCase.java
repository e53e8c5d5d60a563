package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

/** Changes topic configs (AlterConfigs, IncrementalAlterConfigs); they take effect on the topic's next append and retention check. */
public interface AlterConfigsUseCase {

    /**
     * @return the topic with its new configs (or as it would be, for a validate-only command)
     * @throws io.hexalog.domain.error.UnknownTopicOrPartitionException if there is no such topic
     * @throws io.hexalog.domain.error.InvalidConfigurationException    naming an unknown, unsupported or invalid config
     * @throws io.hexalog.domain.error.InvalidRequestException          for a config named twice
     */
    Topic alterTopicConfigs(AlterTopicConfigsCommand command);
}
