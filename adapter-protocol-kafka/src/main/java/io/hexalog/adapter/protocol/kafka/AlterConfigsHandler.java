package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * AlterConfigs, with validate-only: the configs given become a topic's whole set of overrides (those not
 * named return to their defaults). Broker configs are read-only here. Each resource succeeds or fails on
 * its own.
 */
final class AlterConfigsHandler extends AbstractApiHandler<AlterConfigsRequestData, AlterConfigsResponseData> {

    private final AlterConfigsUseCase alterConfigs;
    private final ConfigResources resources;
    private final Executor adminExecutor;

    AlterConfigsHandler(AlterConfigsUseCase alterConfigs, ConfigResources resources, Executor adminExecutor) {
        super(ApiKeys.ALTER_CONFIGS, 0, 2);
        this.alterConfigs = alterConfigs;
        this.resources = resources;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        return CompletableFuture.supplyAsync(() -> alter(request), adminExecutor);
    }

    private AlterConfigsResponseData alter(AlterConfigsRequestData request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        for (AlterConfigsResource resource : request.resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            Map<String, String> overrides = new HashMap<>();
            resource.configs().forEach(config -> overrides.put(config.name(), config.value()));
            ConfigAlteration.alterTopic(resources, resource.resourceType(), resource.resourceName(),
                    topic -> alterConfigs.alterTopicConfigs(
                            AlterTopicConfigsCommand.replacing(topic, overrides, request.validateOnly())))
                    .ifPresent(e -> result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage()));
            response.responses().add(result);
        }
        return response;
    }
}
