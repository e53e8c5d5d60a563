package io.hexalog.adapter.storage.rocksdb;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a data directory before RocksDB opens it and turns RocksDB's failures into messages an operator
 * can act on: RocksDB would otherwise happily create a database inside any directory, or report a held
 * lock as a bare I/O error.
 */
final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * Creates the directory if missing and checks that it is writable and either empty or holds a RocksDB
     * database whose column families are this adapter's.
     *
     * @throws IllegalStateException saying what is wrong with the directory
     */
    static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalStateException("Data directory " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new IllegalStateException("Data directory " + dir + " is not writable by this process");
        }
        if (holdsDatabase(dir)) {
            checkColumnFamilies(dir);
        } else if (holdsForeignFiles(dir)) {
            throw new IllegalStateException("Data directory " + dir + " is not empty and holds no Hexalog "
                    + "RocksDB database; refusing to write into it (use an empty or new directory)");
        }
    }

    /** Whether RocksDB keeps a database in {@code dir}: it names the database's current manifest there. */
    static boolean holdsDatabase(Path dir) {
        return Files.exists(dir.resolve("CURRENT"));
    }

    private static void checkColumnFamilies(Path dir) {
        List<byte[]> families;
        try (Options options = new Options()) {
            families = RocksDB.listColumnFamilies(options, dir.toString());
        } catch (RocksDBException e) {
            throw explain(dir, e);
        }
        Set<String> unknown = new HashSet<>();
        for (byte[] family : families) {
            String name = new String(family, StandardCharsets.UTF_8);
            if (!name.equals("default") && !Database.COLUMN_FAMILIES.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Data directory " + dir + " holds a RocksDB database that is not "
                    + "Hexalog's (unknown column families " + unknown + ")");
        }
    }

    /** Anything but what a RocksDB that failed while being created leaves behind (its lock and info log). */
    private static boolean holdsForeignFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .anyMatch(name -> !name.equals("LOCK") && !name.startsWith("LOG"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list data directory " + dir + ": " + e, e);
        }
    }

    /** An operator's explanation of why RocksDB could not open {@code dir}. */
    static IllegalStateException explain(Path dir, RocksDBException e) {
        Status status = e.getStatus();
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("lock")) {
            return new IllegalStateException("Data directory " + dir + " is in use by another open storage "
                    + "(RocksDB's LOCK file is held, by this or another process): " + message, e);
        }
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return new IllegalStateException("RocksDB data in " + dir + " is corrupt: " + message, e);
        }
        return new IllegalStateException("Cannot open RocksDB in " + dir + ": " + message, e);
    }
}
