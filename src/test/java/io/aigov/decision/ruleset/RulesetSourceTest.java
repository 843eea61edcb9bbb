package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * The rules folder is read as data: a symbolic link out of it, a device, a FIFO or a directory
 * with a rule file's name is a finding on that name, and nothing of what it points at is read.
 */
class RulesetSourceTest {

    private static final Path RULES = Path.of("rules");
    private static final String SECRET = "admin-password-hunter2-" + System.nanoTime();

    @TempDir
    Path work;

    @Test
    void aLinkToAFileOutsideTheFolderIsAFindingAndNothingOfItIsRead() throws IOException {
        Path secret = Files.writeString(work.resolve("admin-password"), SECRET + "\nsecond line\n");
        Path folder = copyOfRules("links");
        Files.createSymbolicLink(folder.resolve("leak.properties"), secret);
        Files.createSymbolicLink(folder.resolve("leak.drl"), Path.of("../admin-password"));
        Files.createSymbolicLink(folder.resolve("tests/leak.json"), Path.of("../../admin-password"));

        RulesetCandidate candidate = RulesetCandidate.fromDirectory(folder);

        assertEquals(List.of("leak.drl", "leak.properties", "tests/leak.json"), files(candidate.unreadable()));
        candidate.unreadable().forEach(finding -> assertTrue(finding.message().contains("symbolic link to something outside the rules folder"),
                finding.toString()));
        assertFalse(candidate.toString().contains(SECRET), "the secret was read");
        assertFalse(candidate.toString().contains("admin-password"), "the link's target is named");
        assertEquals(shipped().rules(), candidate.rules(), "the other files are read as before");
        assertEquals(shipped().goldenCases(), candidate.goldenCases());
    }

    @Test
    void aConfigMapMountWhoseFilesAreLinksInsideItIsRead() throws IOException {
        // What the kubelet writes: the files in a hidden timestamped folder, ..data linking to it, each file a link through ..data.
        Path folder = work.resolve("configmap");
        Path files = Files.createDirectories(folder.resolve("..2026_01_02_03_04_05.123456789"));
        Path tests = Files.createDirectories(folder.resolve("tests"));
        Path testFiles = Files.createDirectories(tests.resolve("..2026_01_02_03_04_06.987654321"));
        Files.createSymbolicLink(folder.resolve("..data"), folder.relativize(files));
        Files.createSymbolicLink(tests.resolve("..data"), tests.relativize(testFiles));
        for (RuleFile file : shipped().rules()) {
            Files.writeString(files.resolve(file.name()), file.content());
            Files.createSymbolicLink(folder.resolve(file.name()), Path.of("..data", file.name()));
        }
        for (RuleFile file : shipped().goldenCases()) {
            String name = Path.of(file.name()).getFileName().toString();
            Files.writeString(testFiles.resolve(name), file.content());
            Files.createSymbolicLink(tests.resolve(name), Path.of("..data", name));
        }

        RulesetCandidate candidate = RulesetCandidate.fromDirectory(folder);

        assertEquals(List.of(), candidate.unreadable());
        assertEquals(shipped(), candidate);
    }

    @Test
    void aFifoIsAFindingAndNeverBlocksTheReader() throws Exception {
        Path folder = copyOfRules("fifo");
        mkfifo(folder.resolve("blocked.drl"));
        mkfifo(folder.resolve("tests/blocked.json"));

        RulesetCandidate candidate = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RulesetCandidate.fromDirectory(folder));

        assertEquals(List.of("blocked.drl", "tests/blocked.json"), files(candidate.unreadable()));
        candidate.unreadable().forEach(finding -> assertTrue(finding.message().contains("is not a regular file"), finding.toString()));
        assertEquals(shipped().rules(), candidate.rules());
    }

    @Test
    void aDirectoryADanglingLinkALoopAndALinkToADirectoryAreFindings() throws IOException {
        Path folder = copyOfRules("odd");
        Files.createDirectories(folder.resolve("x.drl"));
        Files.createSymbolicLink(folder.resolve("dangling.properties"), Path.of("no-such-file.properties"));
        Files.createSymbolicLink(folder.resolve("loop.drl"), Path.of("loop.drl"));
        Files.createSymbolicLink(folder.resolve("folder.drl"), Path.of("tests"));

        RulesetCandidate candidate = RulesetCandidate.fromDirectory(folder);

        assertEquals(List.of("dangling.properties", "folder.drl", "loop.drl", "x.drl"), files(candidate.unreadable()));
        assertTrue(message(candidate, "x.drl").contains("is not a regular file (a directory)"), candidate.unreadable().toString());
        assertTrue(message(candidate, "folder.drl").contains("is not a regular file"), candidate.unreadable().toString());
        assertTrue(message(candidate, "dangling.properties").contains("links out of the folder are not followed"));
        assertTrue(message(candidate, "loop.drl").contains("links out of the folder are not followed"));
        assertEquals(shipped().rules(), candidate.rules());
    }

    @Test
    void aTestsFolderLinkedOutOfTheFolderIsAFindingAndItsCasesAreNotRead() throws IOException {
        Path folder = copyOfRules("tests-link");
        Path outside = work.resolve("outside-tests");
        Files.move(folder.resolve("tests"), outside);
        Files.writeString(outside.resolve("secret.json"), SECRET);
        Files.createSymbolicLink(folder.resolve("tests"), outside);

        RulesetCandidate candidate = RulesetCandidate.fromDirectory(folder);

        assertEquals(List.of("tests"), files(candidate.unreadable()));
        assertEquals(List.of(), candidate.goldenCases());
        assertFalse(candidate.toString().contains(SECRET));
        assertFalse(candidate.toString().contains("outside-tests"));
    }

    @Test
    void aTestsFolderLinkedInsideTheFolderIsRead() throws IOException {
        Path folder = copyOfRules("tests-inside");
        Files.move(folder.resolve("tests"), folder.resolve(".cases"));
        Files.createSymbolicLink(folder.resolve("tests"), Path.of(".cases"));

        assertEquals(shipped(), RulesetCandidate.fromDirectory(folder));
    }

    @Test
    void aRuleFileNameWithControlOrBidiCharactersIsAFindingWithThemEscaped() throws IOException {
        Path folder = copyOfRules("names");
        Files.writeString(folder.resolve("invoice\u202Eldr.drl"), "package x;\n");
        Files.writeString(folder.resolve("line\nbreak.drl"), "package x;\n");
        Files.writeString(folder.resolve("tests/with space.json"), "{}");
        Files.writeString(folder.resolve("README.md"), "not a rule file");
        Files.createDirectories(folder.resolve(".git"));

        RulesetCandidate candidate = RulesetCandidate.fromDirectory(folder);

        assertEquals(List.of("invoice\\u202Eldr.drl", "line\\u000Abreak.drl", "tests/with space.json"), files(candidate.unreadable()));
        candidate.unreadable().forEach(finding -> {
            assertTrue(finding.message().contains("[A-Za-z0-9]"), finding.toString());
            assertTrue(finding.toString().chars().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT),
                    finding.toString());
        });
        assertEquals(shipped().rules(), candidate.rules());
    }

    @Test
    void namesOfRuleFilesKeepToOneSafeRule() {
        assertTrue(RulesetSource.isRulesetFile("thresholds.properties"));
        assertTrue(RulesetSource.isRulesetFile("regulation-nyc_local.law.144.drl"));
        assertTrue(RulesetSource.isGoldenCaseFile("tests/medical-coding.json"));
        assertTrue(RulesetSource.isRulesetFile("a".repeat(96) + ".drl"));
        assertFalse(RulesetSource.isRulesetFile("a".repeat(97) + ".drl"), "at most 100 characters");
        assertTrue(RulesetSource.isGoldenCaseFile("tests/" + "a".repeat(89) + ".json"));
        assertFalse(RulesetSource.isGoldenCaseFile("tests/" + "a".repeat(90) + ".json"), "at most 100 characters with tests/");
        for (String refused : List.of("a\nb.drl", "a\u202Eb.drl", "a b.drl", "-a.drl", ".a.drl", "../a.drl", "a/b.drl", "tests/../a.json",
                "tests/a/b.json", "a.txt", "a\u0000.drl", "\u00e9t\u00e9.drl")) {
            assertFalse(RulesetSource.isRulesetFile(refused) || RulesetSource.isGoldenCaseFile(refused), refused);
        }

        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class,
                () -> RulesetCandidate.of(List.of(new RuleFile("a\u202Eb.drl", ""), new RuleFile("x".repeat(300) + ".drl", ""))));
        assertEquals("a\\u202Eb.drl", refused.problems().get(0).file());
        assertTrue(refused.problems().get(0).message().contains("[A-Za-z0-9]"), refused.problems().get(0).message());
        assertTrue(refused.problems().get(1).message().contains("100 characters"), refused.problems().get(1).message());
        assertFalse(refused.getMessage().contains("\u202E"));
    }

    @Test
    void theWatcherCaresAboutWhatTheReaderReadsOrRefuses() {
        for (String matters : List.of("verdict.drl", "thresholds.properties", "tests/a.json", "tests", "a\u202Eb.drl", "a b.properties",
                "tests/a b.json")) {
            assertTrue(RulesetSource.matters(matters), matters);
        }
        for (String ignored : List.of("README.md", ".git", "..data", "..2026_01_02", ".#verdict.drl", "verdict.drl~", "tests/..data",
                "tests/notes.txt")) {
            assertFalse(RulesetSource.matters(ignored), ignored);
        }
    }

    private static RulesetCandidate shipped() {
        return RulesetCandidate.fromDirectory(RULES);
    }

    private static List<String> files(List<RuleProblem> problems) {
        return problems.stream().map(RuleProblem::file).sorted().toList();
    }

    private static String message(RulesetCandidate candidate, String file) {
        return candidate.unreadable().stream().filter(problem -> problem.file().equals(file)).findFirst().orElseThrow().message();
    }

    private Path copyOfRules(String name) throws IOException {
        Path copy = work.resolve(name);
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(RULES.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
    }
}
