package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.domain.config.AlterConfigOp;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The configs of one resource, on {@code <path>} (list), {@code <path>:alter} (several changes together, or a
 * validate-only check), and {@code <path>/{name}} (read, set, reset to the default), as Confluent's topic configs
 * routes have them. A subclass says what owns the configs, how they are described and how they are changed.
 *
 * @param <O> what owns the configs, found from the request's path (a topic, a group)
 */
abstract class ConfigsResource<O> implements Resource {

    private final String path;
    private final ClusterScope scope;
    private final RequestBodies bodies;

    ConfigsResource(String path, ClusterScope scope, RequestBodies bodies) {
        this.path = path;
        this.scope = scope;
        this.bodies = bodies;
    }

    /** @throws ApiException 404 if the path names nothing that has configs */
    abstract O owner(Context ctx);

    /** Its configs, sorted by name. */
    abstract List<ConfigEntry> describe(O owner);

    /** How the owner is named in a message, such as {@code topic orders}. */
    abstract String name(O owner);

    abstract ConfigData data(Links links, String clusterId, O owner, ConfigEntry entry);

    abstract ResourceList<ConfigData> list(Links links, O owner, List<ConfigData> configs);

    /** Applies the operations to the owner's configs; completes once they are stored. */
    abstract CompletableFuture<?> change(O owner, List<AlterConfigOp> operations, boolean validateOnly);

    @Override
    public final void addTo(RoutesConfig routes) {
        routes.get(path, this::list);
        routes.post(path + ":alter", this::alter);
        routes.get(path + "/{name}", this::get);
        routes.put(path + "/{name}", this::set);
        routes.delete(path + "/{name}", this::reset);
    }

    private void list(Context ctx) {
        Links links = scope.cluster(ctx);
        O owner = owner(ctx);
        String clusterId = ctx.pathParam("cluster_id");
        ctx.json(list(links, owner, describe(owner).stream()
                .map(entry -> data(links, clusterId, owner, entry))
                .toList()));
    }

    private void get(Context ctx) {
        Links links = scope.cluster(ctx);
        O owner = owner(ctx);
        String configName = ctx.pathParam("name");
        ConfigEntry entry = describe(owner).stream()
                .filter(config -> config.name().equals(configName))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Config " + configName + " cannot be found for "
                        + name(owner) + "."));
        ctx.json(data(links, ctx.pathParam("cluster_id"), owner, entry));
    }

    private void set(Context ctx) {
        scope.cluster(ctx);
        O owner = owner(ctx);
        ConfigValueRequest request = bodies.read(ctx, ConfigValueRequest.class);
        Answers.noContent(ctx, change(owner, List.of(new AlterConfigOp(AlterConfigOp.OpType.SET,
                ctx.pathParam("name"), request.value())), false));
    }

    private void reset(Context ctx) {
        scope.cluster(ctx);
        O owner = owner(ctx);
        Answers.noContent(ctx, change(owner, List.of(new AlterConfigOp(AlterConfigOp.OpType.DELETE,
                ctx.pathParam("name"), null)), false));
    }

    private void alter(Context ctx) {
        scope.cluster(ctx);
        O owner = owner(ctx);
        AlterConfigsRequest request = bodies.read(ctx, AlterConfigsRequest.class);
        Answers.noContent(ctx, change(owner, TopicsResource.refusedAsBadRequest(request::operations),
                Boolean.TRUE.equals(request.validateOnly())));
    }
}
