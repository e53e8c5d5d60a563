package io.hexalog.adapter.storage.rocksdb;

import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Loads RocksDB's native library from one copy per RocksDB version in the user's cache directory
 * ({@code $XDG_CACHE_HOME/hexalog} or {@code ~/.cache/hexalog}), unpacked from the jar on the first start only.
 * RocksDB's own loader copies the library (17 MB) into a new temporary file on every start and deletes it at
 * exit, so each broker killed with {@code kill -9} leaves one behind. The copy is written to a temporary name
 * and renamed, so a start that is killed while unpacking never leaves a partial library under the final name.
 * Where the cache cannot be written, RocksDB's own loader is used.
 */
final class NativeLibrary {

    private static final System.Logger LOG = System.getLogger(NativeLibrary.class.getName());
    private static final String VERSION_RESOURCE = "rocksdbjni.properties";

    private static boolean loaded;

    private NativeLibrary() {
    }

    /** Loads the library once per JVM, before any RocksDB class needs it. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        Optional<Path> directory = cacheRoot().flatMap(root -> {
            try {
                return Optional.of(unpack(root).getParent());
            } catch (IOException | UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot keep RocksDB's native library in " + root
                        + " (" + e.getMessage() + "); unpacking it to a temporary file instead");
                return Optional.empty();
            }
        });
        if (directory.isPresent()) {
            try {
                RocksDB.loadLibrary(List.of(directory.get().toString()));
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot load RocksDB's native library from " + directory.get()
                        + " (" + e.getMessage() + "); unpacking it to a temporary file instead");
            }
        }
        RocksDB.loadLibrary();
        loaded = true;
    }

    /**
     * The library for this platform, unpacked into {@code root/rocksdbjni-<version>/} unless it is there already.
     *
     * @return the library's path
     * @throws IOException if the directory cannot be created or written, or the jar has no library for this
     *                     platform
     */
    static Path unpack(Path root) throws IOException {
        String resource = Environment.getJniLibraryFileName("rocksdb");
        Path directory = root.resolve("rocksdbjni-" + version());
        Path library = directory.resolve(fileNameLoaded());
        if (Files.isRegularFile(library)) {
            return library;
        }
        Files.createDirectories(directory);
        try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the RocksDB jar holds no native library " + resource + " for this platform");
            }
            Path partial = Files.createTempFile(directory, resource, ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(partial, library);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return library;
    }

    /**
     * The file name {@link RocksDB#loadLibrary(List)} loads from each directory it is given. It is not the name of
     * the library in the jar: that method asks {@link Environment#getJniLibraryFileName} for "rocksdbjni" where the
     * jar's loader asks for "rocksdb" (librocksdbjnijni-linux64.so against librocksdbjni-linux64.so), so the
     * copy is named the way the loading method computes it.
     */
    static String fileNameLoaded() {
        return Environment.getJniLibraryFileName("rocksdbjni");
    }

    /** Another broker unpacking the same version at the same time wins the race harmlessly: the files are equal. */
    private static void moveIntoPlace(Path partial, Path library) throws IOException {
        try {
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code $XDG_CACHE_HOME/hexalog}, else {@code ~/.cache/hexalog}; none if neither can be told. */
    static Optional<Path> cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "hexalog"));
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home, ".cache", "hexalog"));
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = NativeLibrary.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException(VERSION_RESOURCE + " is missing from the adapter's jar"));
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
