package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.InvalidRequestException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (KIP-339), with validate-only: SET, DELETE, APPEND and SUBTRACT applied to a
 * topic's or a group's present overrides, all or nothing per resource, resources one after the other in request order.
 * Broker configs are read-only here; the levels of the broker's loggers ({@code BROKER_LOGGER}, KIP-412) are
 * set and deleted.
 */
final class IncrementalAlterConfigsHandler
        extends AbstractApiHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {

    private final AlterConfigsUseCase alterConfigs;
    private final AlterGroupConfigsUseCase alterGroupConfigs;
    private final BrokerLoggersUseCase loggers;
    private final ConfigResources resources;

    IncrementalAlterConfigsHandler(AlterConfigsUseCase alterConfigs, AlterGroupConfigsUseCase alterGroupConfigs,
                                   BrokerLoggersUseCase loggers, ConfigResources resources) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        this.alterConfigs = alterConfigs;
        this.alterGroupConfigs = alterGroupConfigs;
        this.loggers = loggers;
        this.resources = resources;
    }

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(RequestContext context,
                                                                         IncrementalAlterConfigsRequestData request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        return Futures.inOrder(request.resources(), resource -> {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            response.responses().add(result);
            if (isLoggers(resource)) {
                return Futures.attempt(() -> {
                    resources.requireThisBrokersLoggers(resource.resourceName());
                    loggers.alterLoggers(ops(resource), request.validateOnly());
                    return CompletableFuture.completedFuture(null);
                }).handle((altered, failure) -> {
                    if (failure != null) {
                        result.setErrorCode(ErrorMapping.toError(failure).code()).setErrorMessage(ErrorMapping.message(failure));
                    }
                    return null;
                });
            }
            return ConfigAlteration.alter(resources, resource.resourceType(), resource.resourceName(),
                            topic -> alterConfigs.alterTopicConfigs(
                                    AlterTopicConfigsCommand.incremental(topic, ops(resource), request.validateOnly())),
                            group -> alterGroupConfigs.alterGroupConfigs(
                                    AlterGroupConfigsCommand.incremental(group, ops(resource), request.validateOnly())))
                    .thenAccept(failure -> failure.ifPresent(e -> result.setErrorCode(ErrorMapping.toError(e).code())
                            .setErrorMessage(ErrorMapping.message(e))));
        }).thenApply(done -> response);
    }

    private boolean isLoggers(AlterConfigsResource resource) {
        try {
            return resources.type(resource.resourceType()) == ConfigResource.Type.BROKER_LOGGER;
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    private static List<AlterConfigOp> ops(AlterConfigsResource resource) {
        List<AlterConfigOp> ops = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            ops.add(new AlterConfigOp(opType(config.configOperation()), config.name(), config.value()));
        }
        return ops;
    }

    private static AlterConfigOp.OpType opType(byte id) {
        return switch (id) {
            case 0 -> AlterConfigOp.OpType.SET;
            case 1 -> AlterConfigOp.OpType.DELETE;
            case 2 -> AlterConfigOp.OpType.APPEND;
            case 3 -> AlterConfigOp.OpType.SUBTRACT;
            default -> throw new InvalidRequestException("Unknown config operation " + id);
        };
    }
}
