package io.aigov.audit.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.common.annotation.Identifier;

import io.aigov.audit.DurableFiles;
import io.aigov.audit.config.AuditConfig;

/** Appends to a file, forced to disk before the batch counts as delivered, for an agent that tails it. */
@Singleton
@Identifier("file")
final class FileSink implements AuditSink {

    private final Path file;

    @Inject
    FileSink(AuditConfig config) {
        this(config.stream().file()
                .orElseThrow(() -> new IllegalStateException("aigov.audit.stream.file: the file sink needs the file to append to")));
    }

    FileSink(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "file " + file.toAbsolutePath().normalize();
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        DurableFiles.appendLines(file, lines);
    }
}
