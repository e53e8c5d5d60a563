package io.hexalog.adapter.http.admin;

import io.javalin.http.Context;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Answers a request when the use case's future completes, without holding a server thread meanwhile; a
 * failed future is answered by {@link ApiErrors}.
 */
final class Answers {

    private Answers() {
    }

    static <T> void json(Context ctx, CompletableFuture<T> result, int status, Function<T, ?> body) {
        ctx.future(() -> result.thenAccept(value -> ctx.status(status).json(body.apply(value))));
    }

    static void noContent(Context ctx, CompletableFuture<?> result) {
        ctx.future(() -> result.thenAccept(ignored -> ctx.status(204)));
    }
}
