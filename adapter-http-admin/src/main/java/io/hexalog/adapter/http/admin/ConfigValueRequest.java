package io.hexalog.adapter.http.admin;

/** The body of {@code PUT .../configs/{name}}: the config's new value. */
record ConfigValueRequest(String value) {

    ConfigValueRequest {
        if (value == null) {
            throw new IllegalArgumentException("value is required; DELETE the config to reset it to its default");
        }
    }
}
