package io.aigov.decision.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the files that make up a ruleset: every {@code .drl} and {@code .properties} file (among
 * them {@code thresholds.properties}) at the top of a rules folder, and the golden cases in its {@code tests/} folder; or the same files
 * bundled in the application under {@code rules/}.
 */
public final class RulesetSource {

    public static final String THRESHOLDS_FILE = "thresholds.properties";
    public static final String BUNDLED = "bundled";
    public static final String GOLDEN_CASES_FOLDER = "tests";
    private static final String BUNDLE_ROOT = "rules/";
    private static final String BUNDLE_INDEX = BUNDLE_ROOT + ".index";

    private RulesetSource() {
    }

    public static boolean isRulesetFile(String name) {
        return !name.contains("/") && !name.startsWith(".") && (name.endsWith(".drl") || name.endsWith(".properties"));
    }

    public static boolean isGoldenCaseFile(String name) {
        return name.startsWith(GOLDEN_CASES_FOLDER + "/") && name.indexOf('/', GOLDEN_CASES_FOLDER.length() + 1) < 0
                && name.endsWith(".json");
    }

    /** Whether a change to this file, relative to the rules folder, can change what a reload activates. */
    public static boolean matters(String name) {
        return isRulesetFile(name) || isGoldenCaseFile(name);
    }

    public static List<RuleFile> fromDirectory(Path directory) {
        return read(directory, "", RulesetSource::isRulesetFile);
    }

    public static List<RuleFile> goldenCasesFromDirectory(Path directory) {
        Path tests = directory.resolve(GOLDEN_CASES_FOLDER);
        return Files.isDirectory(tests) ? read(tests, GOLDEN_CASES_FOLDER + "/", RulesetSource::isGoldenCaseFile) : List.of();
    }

    /** The rules packaged with the application, listed by the index the build writes beside them. */
    public static List<RuleFile> bundled() {
        return readBundle(RulesetSource::isRulesetFile);
    }

    public static List<RuleFile> bundledGoldenCases() {
        return readBundle(RulesetSource::isGoldenCaseFile);
    }

    private static List<RuleFile> read(Path directory, String prefix, Predicate<String> wanted) {
        try (Stream<Path> entries = Files.list(directory)) {
            List<RuleFile> files = new ArrayList<>();
            for (Path path : entries.filter(Files::isRegularFile).toList()) {
                String name = prefix + path.getFileName().toString();
                if (wanted.test(name)) {
                    files.add(new RuleFile(name, Files.readString(path, StandardCharsets.UTF_8)));
                }
            }
            files.sort(Comparator.comparing(RuleFile::name));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + directory, e);
        }
    }

    private static List<RuleFile> readBundle(Predicate<String> wanted) {
        List<RuleFile> files = new ArrayList<>();
        for (String name : readResource(BUNDLE_INDEX).split("\\R")) {
            String trimmed = name.strip();
            if (wanted.test(trimmed)) {
                files.add(new RuleFile(trimmed, readResource(BUNDLE_ROOT + trimmed)));
            }
        }
        files.sort(Comparator.comparing(RuleFile::name));
        return files;
    }

    private static String readResource(String resource) {
        ClassLoader loader = RulesetSource.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the application was built without its bundled " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + resource, e);
        }
    }
}
