package io.botgrid.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a run leaves behind unless it is cleaned up: its temporary data folder and the child processes it launched.
 * Every child is registered as soon as it is launched, so that {@link #close} (the normal end), and {@link #kill} (the
 * shutdown hook and the {@link Watchdog}) reach it whatever state the run is in.
 */
final class RunResources implements AutoCloseable {
    private final Path root;
    private final List<ChildNode> children = new CopyOnWriteArrayList<>();

    private RunResources(Path root) {
        this.root = root;
    }

    /** Creates a fresh {@code botgrid-bench-*} folder under {@code workDir}, or the system one if null. */
    static RunResources create(Path workDir) throws IOException {
        return new RunResources(workDir == null ? Files.createTempDirectory("botgrid-bench-")
                : Files.createTempDirectory(Files.createDirectories(workDir), "botgrid-bench-"));
    }

    /** The run's data folder; each node and child process gets a folder or file below it. */
    Path root() {
        return root;
    }

    void register(ChildNode child) {
        children.add(child);
    }

    /** Stops every child process gracefully, then deletes the data. */
    @Override
    public void close() {
        try {
            for (ChildNode c : children) {
                c.close();
            }
        } finally {
            deleteQuietly(root);
        }
    }

    /** Kills every child process and deletes the data; safe from any thread at any time. */
    void kill() {
        for (ChildNode c : children) {
            c.kill();
        }
        deleteQuietly(root);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Figures.progress("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
