package io.hexalog.application.service;

import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Changes groups' own configs: checks the configs a change leaves against the broker's consumer group settings, then
 * submits them to the replicated log, which stores them on every broker. Changes block, so they run on the executor
 * for blocking work; they are serialised, so that "read the configs, then write them back changed" loses no update.
 */
final class GroupConfigService implements AlterGroupConfigsUseCase {

    private static final System.Logger LOG = System.getLogger(GroupConfigService.class.getName());

    private final GroupConfigStore store;
    private final ReplicatedLog log;
    private final ConsumerGroupConfig broker;
    private final Executor blocking;

    GroupConfigService(GroupConfigStore store, ReplicatedLog log, ConsumerGroupConfig broker, Executor blocking) {
        this.store = store;
        this.log = log;
        this.broker = broker;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Map<String, String>> alterGroupConfigs(AlterGroupConfigsCommand command) {
        return CompletableFuture.supplyAsync(() -> alter(command), blocking);
    }

    private synchronized Map<String, String> alter(AlterGroupConfigsCommand command) {
        Map<String, String> altered = command.change().applyTo(store.configs(command.group()), broker);
        if (!command.validateOnly()) {
            FutureFailures.await(log.submit(new ReplicatedCommand.AlterGroupConfigs(command.group(), altered)));
            LOG.log(System.Logger.Level.INFO, "Group {0} configs are now {1}", command.group().value(), altered);
        }
        return altered;
    }
}
