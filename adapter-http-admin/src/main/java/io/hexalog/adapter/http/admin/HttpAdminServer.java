package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin HTTP server: Javalin on Jetty, one resource class per REST resource. Built by
 * {@link HttpAdminAdapter}; started and stopped by the broker's lifecycle.
 */
public final class HttpAdminServer implements AutoCloseable {

    private static final int HTTP_MAX_THREADS = 250;
    private static final int HTTP_MIN_THREADS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(HttpAdminServer.class);

    private final HttpAdminAdapter.ListenerConfig listener;
    private final Javalin app;
    private boolean running;

    HttpAdminServer(HttpAdminAdapter.ListenerConfig listener, HttpAdminAdapter.UseCases useCases,
                    HttpAdminAdapter.RecordUseCases records, HttpAdminAdapter.GroupUseCases groups,
                    List<HttpAdminAdapter.ReadinessCheck> readiness, Optional<BrokerMetrics> metrics) {
        this.listener = listener;
        ObjectMapper json = JsonMapping.objectMapper();
        RequestBodies bodies = new RequestBodies(json);
        ClusterScope scope = new ClusterScope(useCases.cluster(), useCases.topics());
        GroupLags lags = new GroupLags(groups.fetchOffsets(), records.listOffsets(), useCases.topics());
        GroupLookup lookup = new GroupLookup(groups.describeGroups(), groups.consumerGroups(), useCases.topics());
        List<Resource> resources = new ArrayList<>(List.of(
                new ClustersResource(useCases.cluster()),
                new BrokersResource(scope, useCases.cluster(), useCases.configs()),
                new TopicsResource(scope, useCases, bodies),
                new TopicConfigsResource(scope, useCases.configs(), useCases.alterConfigs(), bodies),
                new PartitionsResource(scope, useCases.cluster(), records.listOffsets()),
                new ReplicasResource(scope, useCases.cluster()),
                new RecordsResource(scope,
                        new RecordProducer(records.produce(), Clock.systemUTC(), appended(metrics)),
                        new RecordBrowser(records.fetch(), records.listOffsets()), records, bodies, json),
                new ConsumerGroupsResource(scope, groups, lookup, lags, records.listOffsets(), bodies),
                new GroupConfigsResource(scope, useCases.configs(), groups.alterConfigs(), bodies),
                new ConsumersResource(scope, lookup),
                new ConsumerLagsResource(scope, lookup, lags),
                new HealthResource(readiness),
                new ApiDocsResource(),
                new ConsoleResource()));
        metrics.ifPresent(served -> resources.add(new MetricsResource(served)));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // The watcher is a thread that sleeps seconds to warn of a server never started: it held a broker
            // run with --exit-when-ready alive that long after it had stopped.
            config.startup.startupWatcherEnabled = false;
            config.jetty.threadPool = threadPool();
            // A route that exists for other methods answers 405, as Confluent's REST Proxy does.
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(json, false));
            resources.forEach(resource -> resource.addTo(config.routes));
            ApiErrors.addTo(config.routes);
        });
    }

    /** Records produced through the API count in the metrics, when there are metrics. */
    private static RecordProducer.AppendedBatches appended(Optional<BrokerMetrics> metrics) {
        return metrics.<RecordProducer.AppendedBatches>map(served -> served::produced)
                .orElse(RecordProducer.AppendedBatches.NONE);
    }

    /** Jetty's threads, named for what they serve ({@code hexalog-http-42}), sized as Javalin sizes them. */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(HTTP_MAX_THREADS, HTTP_MIN_THREADS);
        pool.setName("hexalog-http");
        return pool;
    }

    /**
     * Binds the server; returns once it accepts connections.
     *
     * @throws RuntimeException if it cannot bind, such as when the port is taken; nothing is left running
     */
    public synchronized void start() {
        try {
            app.start(listener.host(), listener.port());
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        running = true;
        LOG.debug("Admin HTTP API listening on {}", boundAddress());
    }

    /** The address the server is bound to; with port 0, this tells which port was chosen. */
    public InetSocketAddress boundAddress() {
        return new InetSocketAddress(listener.host(), app.port());
    }

    /**
     * Every route this server answers, as {@code METHOD /path/{param}}, sorted. The OpenAPI document at
     * {@code /openapi.yaml} describes exactly these.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path)
                .sorted()
                .toList();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        app.stop();
        running = false;
        LOG.debug("Admin HTTP API closed");
    }
}
