package io.aigov.audit.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.aigov.audit.DurableFiles;

/** Appends to a file, forced to disk before the batch counts as delivered; or writes to stdout. */
final class FileSink implements StreamSink {

    private final Path file;
    private final OutputStream stdout;

    private FileSink(Path file, OutputStream stdout) {
        this.file = file;
        this.stdout = stdout;
    }

    static FileSink file(Path file) {
        return new FileSink(file, null);
    }

    static FileSink stdout(OutputStream stdout) {
        return new FileSink(null, stdout);
    }

    @Override
    public String name() {
        return file == null ? "stdout" : "file " + file.toAbsolutePath().normalize();
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        if (file == null) {
            stdout.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            return;
        }
        DurableFiles.appendLines(file, lines);
    }
}
