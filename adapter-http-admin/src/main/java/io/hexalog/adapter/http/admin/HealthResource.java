package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * {@code /health}: liveness (the process answers) and readiness (every check passes), for orchestrators
 * and load balancers. Readiness answers 503 naming the failing checks.
 */
final class HealthResource implements Resource {

    private static final String UP = "UP";
    private static final String DOWN = "DOWN";

    private final List<HttpAdminAdapter.ReadinessCheck> checks;

    HealthResource(List<HttpAdminAdapter.ReadinessCheck> checks) {
        this.checks = checks;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(new Health(UP, List.of())));
        routes.get("/health/ready", this::ready);
    }

    private void ready(Context ctx) {
        List<Check> results = checks.stream()
                .map(check -> new Check(check.name(), check.passing().getAsBoolean() ? UP : DOWN))
                .toList();
        boolean ready = results.stream().allMatch(check -> check.status().equals(UP));
        ctx.status(ready ? 200 : 503).json(new Health(ready ? UP : DOWN, results));
    }

    /** The answer: {@code UP} only if every check is. */
    record Health(String status, List<Check> checks) {
    }

    record Check(String name, String status) {
    }
}
