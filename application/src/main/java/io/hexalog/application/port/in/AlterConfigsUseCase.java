package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

import java.util.concurrent.CompletableFuture;

/** Changes topic configs (AlterConfigs, IncrementalAlterConfigs); they take effect on the topic's next append and retention check. */
public interface AlterConfigsUseCase {

    /**
     * Stores the new configs off the caller's thread; may be called from an event loop.
     *
     * @return completes with the topic with its new configs (or as it would be, for a validate-only command)
     *         once they are stored; fails with
     *         {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} if there is no such topic,
     *         {@link io.hexalog.domain.error.InvalidConfigurationException} naming an unknown, unsupported or
     *         invalid config, {@link io.hexalog.domain.error.InvalidRequestException} for a config named twice
     */
    CompletableFuture<Topic> alterTopicConfigs(AlterTopicConfigsCommand command);
}
