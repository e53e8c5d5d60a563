package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs, with validate-only: the configs given become a topic's or a group's whole set of overrides (those
 * not named return to their defaults). Broker configs are read-only here. Each resource succeeds or fails on
 * its own; they are altered one after the other in request order.
 */
final class AlterConfigsHandler extends AbstractApiHandler<AlterConfigsRequestData, AlterConfigsResponseData> {

    private final AlterConfigsUseCase alterConfigs;
    private final AlterGroupConfigsUseCase alterGroupConfigs;
    private final ConfigResources resources;

    AlterConfigsHandler(AlterConfigsUseCase alterConfigs, AlterGroupConfigsUseCase alterGroupConfigs,
                        ConfigResources resources) {
        super(ApiKeys.ALTER_CONFIGS, 0, 2);
        this.alterConfigs = alterConfigs;
        this.alterGroupConfigs = alterGroupConfigs;
        this.resources = resources;
    }

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        return Futures.inOrder(request.resources(), resource -> {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            response.responses().add(result);
            Map<String, String> overrides = new HashMap<>();
            resource.configs().forEach(config -> overrides.put(config.name(), config.value()));
            return ConfigAlteration.alter(resources, resource.resourceType(), resource.resourceName(),
                            topic -> alterConfigs.alterTopicConfigs(
                                    AlterTopicConfigsCommand.replacing(topic, overrides, request.validateOnly())),
                            group -> alterGroupConfigs.alterGroupConfigs(
                                    AlterGroupConfigsCommand.replacing(group, overrides, request.validateOnly())))
                    .thenAccept(failure -> failure.ifPresent(e -> result.setErrorCode(ErrorMapping.toError(e).code())
                            .setErrorMessage(ErrorMapping.message(e))));
        }).thenApply(done -> response);
    }
}
