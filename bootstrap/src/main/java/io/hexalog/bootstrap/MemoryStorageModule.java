package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;

/** Chooses the in-memory storage adapter. */
final class MemoryStorageModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(StorageService.class).to(InMemoryStorageService.class);
    }
}
