package io.hexalog.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.adapter.scheduler.jdk.ScheduledExecutorScheduler;
import io.hexalog.application.service.ApplicationCore;

/**
 * A running broker, assembled in two steps: the chosen storage is created and started first, then the
 * application and the Kafka listener are built on the opened storage (a child injector), the stored
 * partitions are opened, and the listener is bound. Closing stops the listener before the storage. A fatal
 * error met by the listener, the timer or the storage workers goes to the {@link FatalErrorPolicy}.
 */
public final class HexalogBroker implements AutoCloseable {

    private final ServerConfig config;
    private final OpenedStorage storage;
    private final ScheduledExecutorScheduler scheduler;
    private final StorageWorkers workers;
    private final KafkaServer server;

    private HexalogBroker(ServerConfig config, OpenedStorage storage, ScheduledExecutorScheduler scheduler,
                          StorageWorkers workers, KafkaServer server) {
        this.config = config;
        this.storage = storage;
        this.scheduler = scheduler;
        this.workers = workers;
        this.server = server;
    }

    /**
     * Starts a broker and returns once it accepts connections; a fatal error ends the JVM.
     *
     * @throws BrokerStartupException with a one-line reason when it cannot start
     */
    public static HexalogBroker start(ServerConfig config) {
        return start(config, FatalErrorPolicy.exitingThisProcess());
    }

    /** Starts a broker whose fatal errors go to {@code fatalErrors}. */
    static HexalogBroker start(ServerConfig config, FatalErrorPolicy fatalErrors) {
        Injector storageInjector = Guice.createInjector(StorageModules.forConfig(config.storage()));
        OpenedStorage storage = storageInjector.getInstance(StorageService.class).open();
        try {
            Injector injector = storageInjector.createChildInjector(
                    binder -> binder.bind(FatalErrorPolicy.class).toInstance(fatalErrors),
                    new ApplicationModule(config, storage), new KafkaProtocolModule(config.listener()));
            injector.getInstance(ApplicationCore.class).start();
            KafkaServer server = injector.getInstance(KafkaServer.class);
            server.start();
            injector.getInstance(AdvertisedListener.class).bound(server.boundAddress().getPort());
            return new HexalogBroker(config, storage, injector.getInstance(ScheduledExecutorScheduler.class),
                    injector.getInstance(StorageWorkers.class), server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            storage.close();
            throw new BrokerStartupException("Interrupted while starting", e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The port the broker listens on (the chosen one when started with port 0). */
    public int port() {
        return server.boundAddress().getPort();
    }

    /** What a client puts in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return config.listener().advertisedHost() + ":" + port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops the listener, then the timer and the storage workers (letting writes under way end), then the storage. */
    @Override
    public void close() {
        server.close();
        scheduler.close();
        workers.close();
        storage.close();
    }
}
