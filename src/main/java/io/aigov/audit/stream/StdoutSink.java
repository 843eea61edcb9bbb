package io.aigov.audit.stream;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.common.annotation.Identifier;

/** Writes to the service's standard output, for a container's log collector. */
@Singleton
@Identifier("stdout")
final class StdoutSink implements AuditSink {

    private final OutputStream stdout;

    StdoutSink() {
        // The file descriptor itself rather than System.out, which the logging may have taken over.
        this(new FileOutputStream(FileDescriptor.out));
    }

    StdoutSink(OutputStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        stdout.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        stdout.flush();
    }
}
