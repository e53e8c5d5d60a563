package io.hexalog.adapter.http.admin;

/** A link to a related resource or collection. */
record Relationship(String related) {
}
