package io.hexalog.junit;

/** How long one {@link HexalogBroker} lives. */
public enum Lifecycle {

    /**
     * One broker for every test of the class, started before its {@code @BeforeAll} methods and stopped after its
     * {@code @AfterAll} methods: tests see each other's records, so they use topics or groups of their own.
     */
    PER_CLASS,

    /** A fresh broker for each test method, with only the annotation's topics: isolation at the price of a start. */
    PER_METHOD
}
