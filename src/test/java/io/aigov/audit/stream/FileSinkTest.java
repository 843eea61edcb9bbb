package io.aigov.audit.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file and stdout sinks append JSON Lines, batch after batch, for an agent that tails them. */
class FileSinkTest {

    @TempDir
    Path folder;

    @Test
    void batchesAreAppendedAsLines() throws IOException {
        Path file = folder.resolve("siem").resolve("audit.jsonl");
        FileSink sink = new FileSink(file);
        sink.deliver(List.of("{\"seq\":1}", "{\"seq\":2}"));
        sink.deliver(List.of("{\"seq\":3}"));
        assertEquals(List.of("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}"), Files.readAllLines(file));
        assertEquals("file " + file.toAbsolutePath(), sink.name());

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        new StdoutSink(stdout).deliver(List.of("{\"seq\":1}", "{\"seq\":2}"));
        assertEquals("{\"seq\":1}\n{\"seq\":2}\n", stdout.toString(StandardCharsets.UTF_8));
    }
}
