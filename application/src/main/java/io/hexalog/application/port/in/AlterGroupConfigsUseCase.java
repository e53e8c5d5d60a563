package io.hexalog.application.port.in;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Changes a group's own configs (AlterConfigs, IncrementalAlterConfigs on config resource type GROUP, KIP-848); the
 * group's consumer-protocol members get them from their next heartbeat on.
 */
public interface AlterGroupConfigsUseCase {

    /**
     * Checks the group's configs after the change and stores them off the caller's thread; may be called from an
     * event loop. The group need not exist.
     *
     * @return completes with the group's configs after the change (or as they would be, for a validate-only
     *         command) once they are stored; fails with
     *         {@link io.hexalog.domain.error.InvalidConfigurationException} naming an unknown or invalid config, a
     *         null value or a value outside the broker's bounds, {@link io.hexalog.domain.error.InvalidRequestException}
     *         for a config named twice
     */
    CompletableFuture<Map<String, String>> alterGroupConfigs(AlterGroupConfigsCommand command);
}
