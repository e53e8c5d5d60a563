package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

/**
 * {@code /health}: liveness (the process answers) and readiness (every check passes), for orchestrators
 * and load balancers. Readiness answers 503 naming the failing checks, each with its reason.
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
                .map(check -> Check.of(check.name(), check.whyFailing().get()))
                .toList();
        boolean ready = results.stream().allMatch(check -> check.status().equals(UP));
        ctx.status(ready ? 200 : 503).json(new Health(ready ? UP : DOWN, results));
    }

    /** The answer: {@code UP} only if every check is. */
    record Health(String status, List<Check> checks) {
    }

    /** One check's answer; the reason only when it fails. */
    record Check(String name, String status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

        static Check of(String name, Optional<String> whyFailing) {
            return whyFailing.map(reason -> new Check(name, DOWN, reason)).orElseGet(() -> new Check(name, UP, null));
        }
    }
}
