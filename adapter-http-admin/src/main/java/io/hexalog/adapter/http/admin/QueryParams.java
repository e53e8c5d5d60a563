package io.hexalog.adapter.http.admin;

import io.javalin.http.Context;

/** Reads query parameters, answering 400 naming the parameter when one is not what it must be. */
final class QueryParams {

    private QueryParams() {
    }

    /** The parameter as a number at or above zero; null when absent. */
    static Long nonNegativeLong(Context ctx, String name) {
        String given = ctx.queryParam(name);
        if (given == null) {
            return null;
        }
        try {
            long value = Long.parseLong(given);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a number at or above 0, was " + given);
    }
}
