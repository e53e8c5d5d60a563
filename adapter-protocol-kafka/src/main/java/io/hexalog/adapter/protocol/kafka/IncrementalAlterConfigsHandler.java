package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.InvalidRequestException;
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
 * topic's present overrides, all or nothing per resource, resources one after the other in request order.
 * Broker configs are read-only here.
 */
final class IncrementalAlterConfigsHandler
        extends AbstractApiHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {

    private final AlterConfigsUseCase alterConfigs;
    private final ConfigResources resources;

    IncrementalAlterConfigsHandler(AlterConfigsUseCase alterConfigs, ConfigResources resources) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        this.alterConfigs = alterConfigs;
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
            return ConfigAlteration.alterTopic(resources, resource.resourceType(), resource.resourceName(),
                            topic -> alterConfigs.alterTopicConfigs(
                                    AlterTopicConfigsCommand.incremental(topic, ops(resource), request.validateOnly())))
                    .thenAccept(failure -> failure.ifPresent(e -> result.setErrorCode(ErrorMapping.toError(e).code())
                            .setErrorMessage(ErrorMapping.message(e))));
        }).thenApply(done -> response);
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
