package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The packaged jar runs a rule author's commands as a rules repository's CI would, without the service or a database. */
class RulesCommandsIT {

    @TempDir
    Path folder;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void theJarTestsAFolderWritesJunitXmlAndFailsABrokenRuleWithItsFileAndLine() throws Exception {
        Path report = folder.resolve("rules-report.xml");
        Run passed = run("test", "rules", "--junit", report.toString());
        assertEquals(0, passed.exit(), passed.toString());
        assertTrue(passed.out().endsWith("OK\n"), passed.out());
        assertFalse(passed.out().contains("Listening on"), "the service did not start: " + passed.out());
        assertTrue(Files.readString(report).contains("<testsuite name=\"golden cases\""));

        Path broken = Files.createDirectories(folder.resolve("broken"));
        try (var files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, broken.resolve(file.getFileName()));
            }
        }
        Files.writeString(broken.resolve("verdict.drl"), Files.readString(broken.resolve("verdict.drl")) + "\nrule \"unfinished\"\nwhen\n");
        Run failed = run("test", broken.toString());
        assertEquals(1, failed.exit(), failed.toString());
        assertTrue(failed.out().contains(broken.resolve("verdict.drl") + ":"), failed.out());

        Run evaluated = run("evaluate", "rules", "bench/use-case.json");
        assertEquals(0, evaluated.exit(), evaluated.toString());
        assertTrue(new ObjectMapper().readTree(evaluated.out()).get("firedRules").size() > 0, evaluated.out());
    }

    private Run run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                PackagedService.JAR.toString()));
        command.addAll(List.of(arguments));
        Path out = folder.resolve("out.txt");
        Path err = folder.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", arguments) + " ended");
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
