package io.hexalog.adapter.http.admin;

import io.javalin.config.RoutesConfig;

/** One REST resource: the routes it answers and their handlers. */
interface Resource {

    void addTo(RoutesConfig routes);
}
