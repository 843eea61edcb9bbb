package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.aigov.database.TestDatabases;
import io.aigov.support.RulesFolders;

/**
 * The quick start's {@code ./start} keeps a class-data-sharing archive beside the jar: the first start after a
 * build writes it when the service stops, the next start maps the service's classes from it instead of loading
 * them, and an archive older than the jar (a new build) is made again.
 */
class StartScriptIT {

    private static final Pattern MAPPED_SERVICE_CLASS = Pattern.compile("io\\.aigov\\.\\S+ source: shared objects file");

    @Test
    void theFirstStartWritesTheArchiveTheNextMapsItAndANewBuildGetsANewOne() throws Exception {
        Path work = Files.createTempDirectory("start-script");
        Files.copy(Path.of("start"), work.resolve("start"));
        Files.move(RulesFolders.copyOfRules("start-script-rules"), work.resolve("rules"));
        // The sources the script compares the jar with, older than any build: it starts without building.
        Files.createFile(work.resolve("pom.xml"));
        Files.createDirectories(work.resolve("src/main"));
        Files.createDirectories(work.resolve("migrations"));
        for (String source : List.of("pom.xml", "src/main", "migrations")) {
            Files.setLastModifiedTime(work.resolve(source), FileTime.from(Instant.EPOCH));
        }
        // The build linked entry by entry, so that what the script writes beside the jar stays in this folder.
        Path app = Files.createDirectories(work.resolve("target/quarkus-app"));
        Path built = PackagedService.JAR.toAbsolutePath().getParent();
        try (Stream<Path> entries = Files.list(built)) {
            for (Path entry : entries.filter(entry -> !entry.getFileName().toString().endsWith(".jsa")).toList()) {
                Files.createSymbolicLink(app.resolve(entry.getFileName()), entry);
            }
        }
        List<String> options = new ArrayList<>(List.of("-Dquarkus.datasource.jdbc.url=" + TestDatabases.fresh("aigov_start_script"),
                PackagedService.NO_SPARE_AT_START));
        String username = System.getenv("QUARKUS_DATASOURCE_USERNAME");
        if (username != null && !username.isBlank()) {
            options.add("-Dquarkus.datasource.username=" + username);
        }
        Path archive = app.resolve("class-data.jsa");

        startAndStop(work, "start-script-first", options);
        assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, "the first start wrote no archive when it stopped");
        FileTime written = Files.getLastModifiedTime(archive);

        Path classes = work.resolve("classes.log");
        List<String> logged = new ArrayList<>(options);
        logged.add("-Xlog:class+load=info:file=" + classes);
        startAndStop(work, "start-script-next", logged);
        assertTrue(MAPPED_SERVICE_CLASS.matcher(Files.readString(classes)).find(),
                "the next start loaded none of the service's classes from the archive");
        assertEquals(written, Files.getLastModifiedTime(archive), "a start that maps the archive leaves it as it was");

        Files.setLastModifiedTime(archive, FileTime.from(Instant.EPOCH));
        startAndStop(work, "start-script-new-build", options);
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(PackagedService.JAR)) > 0,
                "an archive older than the jar was not made again");
    }

    private static void startAndStop(Path work, String name, List<String> jvmArguments) throws IOException, InterruptedException {
        try (PackagedService service = PackagedService.startScript(work, name, jvmArguments)) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }
}
