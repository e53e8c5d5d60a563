package io.hexalog.bootstrap;

/**
 * A storage adapter as the broker's lifecycle sees it. Guice builds it without touching any file; the
 * broker opens it once, before building the application on the ports it returns.
 */
interface StorageService {

    /**
     * Opens the storage.
     *
     * @throws BrokerStartupException with a one-line reason if it cannot be opened
     */
    OpenedStorage open();
}
