package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs: the configs of topics, of groups (any group ID, existing or not, as in Kafka) and of this broker,
 * with their sources, read-only and sensitive flags, and on request their synonyms (v1+) and documentation (v3+). Asking for named keys returns only
 * those that exist, as Kafka does. The cluster-wide broker defaults ({@code ""}) hold nothing: every broker
 * config here is static. The broker's loggers ({@code BROKER_LOGGER}) are listed with the level each logs at.
 * Configs are read from memory and answered at once.
 */
final class DescribeConfigsHandler extends AbstractApiHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {

    private final DescribeConfigsQuery configs;
    private final BrokerLoggersUseCase loggers;
    private final ConfigResources resources;

    DescribeConfigsHandler(DescribeConfigsQuery configs, BrokerLoggersUseCase loggers, ConfigResources resources) {
        super(ApiKeys.DESCRIBE_CONFIGS, 1, 4);
        this.configs = configs;
        this.loggers = loggers;
        this.resources = resources;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(RequestContext context, DescribeConfigsRequestData request) {
        return CompletableFuture.completedFuture(describe(request));
    }

    private DescribeConfigsResponseData describe(DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                if (resources.type(resource.resourceType()) == ConfigResource.Type.BROKER_LOGGER) {
                    describeLoggers(resource, result);
                    response.results().add(result);
                    continue;
                }
                for (ConfigEntry entry : entries(resource)) {
                    if (asked(resource, entry.name())) {
                        result.configs().add(toWire(entry, request.includeSynonyms(), request.includeDocumentation()));
                    }
                }
            } catch (HexalogException e) {
                result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage()).configs().clear();
            }
            response.results().add(result);
        }
        return response;
    }

    /** Each logger with the level it logs at, changeable, as Kafka reports its loggers (KIP-412). */
    private void describeLoggers(DescribeConfigsResource resource, DescribeConfigsResult result) {
        resources.requireThisBrokersLoggers(resource.resourceName());
        for (BrokerLoggersUseCase.LoggerLevel logger : loggers.describeLoggers()) {
            if (asked(resource, logger.logger())) {
                result.configs().add(new DescribeConfigsResourceResult()
                        .setName(logger.logger())
                        .setValue(logger.level())
                        .setReadOnly(false)
                        .setIsSensitive(false)
                        .setConfigSource(DescribeConfigsResponse.ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG.id())
                        .setConfigType(DescribeConfigsResponse.ConfigType.STRING.id()));
            }
        }
    }

    /** Whether the resource asks for this config: no keys, or an empty list of them, ask for all (as in Kafka). */
    private static boolean asked(DescribeConfigsResource resource, String name) {
        return resource.configurationKeys() == null || resource.configurationKeys().isEmpty()
                || resource.configurationKeys().contains(name);
    }

    private List<ConfigEntry> entries(DescribeConfigsResource resource) {
        if (resources.type(resource.resourceType()) == ConfigResource.Type.TOPIC) {
            return configs.describeTopicConfigs(TopicName.of(resource.resourceName()));
        }
        if (resources.type(resource.resourceType()) == ConfigResource.Type.GROUP) {
            return configs.describeGroupConfigs(ConfigResources.describedGroup(resource.resourceName()));
        }
        return resources.isClusterDefault(resource.resourceName()) ? List.of() : configs.describeBrokerConfigs();
    }

    private static DescribeConfigsResourceResult toWire(ConfigEntry entry, boolean synonyms, boolean documentation) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                .setName(entry.name())
                .setValue(ConfigEntries.shown(entry, entry.value()))
                .setReadOnly(entry.readOnly())
                .setIsSensitive(entry.sensitive())
                .setConfigSource(ConfigEntries.source(entry.source()))
                .setConfigType(ConfigEntries.type(entry.type()))
                .setDocumentation(documentation ? entry.documentation() : null);
        if (synonyms) {
            entry.synonyms().forEach(synonym -> result.synonyms().add(new DescribeConfigsSynonym()
                    .setName(synonym.name())
                    .setValue(ConfigEntries.shown(entry, synonym.value()))
                    .setSource(ConfigEntries.source(synonym.source()))));
        }
        return result;
    }
}
