package io.aigov.decision.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Reads the files that make up a ruleset: every {@code .drl} and {@code .properties} file (among
 * them {@code thresholds.properties}) at the top of a rules folder, and the golden cases in its {@code tests/} folder; or the same files
 * bundled in the application under {@code rules/}.
 *
 * <p>The folder is read as data, never followed out of: a rule file is read only when it is a
 * regular file, or a symbolic link whose target, wholly resolved, is a regular file inside the
 * folder (a Kubernetes ConfigMap makes each file a link through its {@code ..data} folder). Any
 * other entry with a rule file's name (a link out of the folder, a dangling link, a device, a FIFO,
 * a directory), and a name that only looks like a rule file's, is a finding on that name; nothing of
 * what it points at is read, and its target is not named.
 */
public final class RulesetSource {

    public static final String THRESHOLDS_FILE = "thresholds.properties";
    public static final String BUNDLED = "bundled";
    public static final String GOLDEN_CASES_FOLDER = "tests";
    /** The longest name a rule file may have, relative to the rules folder ({@code tests/} included). */
    public static final int MAX_NAME_LENGTH = 100;
    /** The rule for names, as the problems about them state it. */
    public static final String NAME_RULE = "a rule file's name is letters, digits, '.', '_' and '-' ([A-Za-z0-9][A-Za-z0-9._-]*),"
            + " ending in .drl or .properties at the top of the rules folder, or tests/<name>.json for a golden case, at most "
            + MAX_NAME_LENGTH + " characters in all";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern HIDDEN_CHARACTERS = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\s]");
    private static final String BUNDLE_ROOT = "rules/";
    private static final String BUNDLE_INDEX = BUNDLE_ROOT + ".index";
    private static final String LINK_OUT = "is a symbolic link to something outside the rules folder, or to nothing:"
            + " links out of the folder are not followed";

    private RulesetSource() {
    }

    /** What a rules folder holds: its rule files, its golden cases, and the entries that were refused unread. */
    public record Folder(List<RuleFile> rules, List<RuleFile> goldenCases, List<RuleProblem> unreadable) {
    }

    public static boolean isRulesetFile(String name) {
        return name.length() <= MAX_NAME_LENGTH && SAFE_NAME.matcher(name).matches()
                && (name.endsWith(".drl") || name.endsWith(".properties"));
    }

    public static boolean isGoldenCaseFile(String name) {
        String prefix = GOLDEN_CASES_FOLDER + "/";
        return name.length() <= MAX_NAME_LENGTH && name.startsWith(prefix) && SAFE_NAME.matcher(name.substring(prefix.length())).matches()
                && name.endsWith(".json");
    }

    /**
     * Why a name given for a rule file (in a request, or found in the folder) is refused, or nothing
     * when it is a rule file's name.
     */
    public static Optional<String> nameProblem(String name) {
        if (isRulesetFile(name) || isGoldenCaseFile(name)) {
            return Optional.empty();
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("is a name of " + name.length() + " characters, longer than a rule file's may be: " + NAME_RULE);
        }
        return Optional.of("is not a rule file's name: " + NAME_RULE);
    }

    /**
     * Whether a change to this file, relative to the rules folder, can change what a reload finds:
     * a rule file or a golden case, the tests folder itself, or anything named like them that the
     * reader refuses.
     */
    public static boolean matters(String name) {
        return name.equals(GOLDEN_CASES_FOLDER) || isRulesetFile(name) || isGoldenCaseFile(name) || looksLikeRuleFile(name);
    }

    /**
     * Whether a person would take this name for a rule file's once invisible characters are left
     * out: not hidden (editors' lock files, a ConfigMap's {@code ..data}), ending in {@code .drl} or
     * {@code .properties} at the top, {@code .json} in {@code tests/}. Such a name that breaks the
     * rule is a finding rather than ignored.
     */
    private static boolean looksLikeRuleFile(String name) {
        String prefix = GOLDEN_CASES_FOLDER + "/";
        boolean test = name.startsWith(prefix);
        String own = test ? name.substring(prefix.length()) : name;
        String visible = HIDDEN_CHARACTERS.matcher(own).replaceAll("");
        if (visible.startsWith(".") || own.startsWith(".") || own.contains("/")) {
            return false;
        }
        return test ? visible.endsWith(".json") : visible.endsWith(".drl") || visible.endsWith(".properties");
    }

    /**
     * Reads a rules folder without following anything out of it.
     *
     * @throws UncheckedIOException when the folder cannot be listed or a file in it cannot be read
     */
    public static Folder readFolder(Path directory) {
        try {
            Path root = directory.toRealPath();
            List<RuleFile> rules = new ArrayList<>();
            List<RuleFile> goldenCases = new ArrayList<>();
            List<RuleProblem> unreadable = new ArrayList<>();
            if (Files.exists(root.resolve(GOLDEN_CASES_FOLDER), LinkOption.NOFOLLOW_LINKS)) {
                testsFolder(root).ifPresentOrElse(tests -> readEntries(root, tests, GOLDEN_CASES_FOLDER + "/", goldenCases, unreadable),
                        () -> unreadable.add(finding(GOLDEN_CASES_FOLDER, "is not a folder inside the rules folder: golden cases are read"
                                + " from a folder there, or a symbolic link to one there; links out of the folder are not followed")));
            }
            readEntries(root, root, "", rules, unreadable);
            rules.sort(Comparator.comparing(RuleFile::name));
            goldenCases.sort(Comparator.comparing(RuleFile::name));
            unreadable.sort(Comparator.comparing(RuleProblem::file));
            return new Folder(List.copyOf(rules), List.copyOf(goldenCases), List.copyOf(unreadable));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + directory, e);
        }
    }

    /**
     * The rule files of a folder.
     *
     * @throws InvalidRulesetException when the folder holds entries that are refused unread
     */
    public static List<RuleFile> fromDirectory(Path directory) {
        Folder folder = readFolder(directory);
        if (!folder.unreadable().isEmpty()) {
            throw new InvalidRulesetException(folder.unreadable());
        }
        return folder.rules();
    }

    /**
     * The golden cases of a folder.
     *
     * @throws InvalidRulesetException when the folder holds entries that are refused unread
     */
    public static List<RuleFile> goldenCasesFromDirectory(Path directory) {
        Folder folder = readFolder(directory);
        if (!folder.unreadable().isEmpty()) {
            throw new InvalidRulesetException(folder.unreadable());
        }
        return folder.goldenCases();
    }

    /**
     * The folder of golden cases, if the rules folder has an acceptable one: a directory, or a
     * symbolic link to a directory inside the rules folder (its resolved path then).
     */
    public static Optional<Path> goldenCasesFolder(Path directory) {
        try {
            return testsFolder(directory.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> testsFolder(Path root) {
        Path tests = root.resolve(GOLDEN_CASES_FOLDER);
        try {
            BasicFileAttributes entry = Files.readAttributes(tests, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (entry.isDirectory()) {
                return Optional.of(tests);
            }
            if (entry.isSymbolicLink()) {
                Path target = tests.toRealPath();
                if (target.startsWith(root) && !target.equals(root) && !inGit(root, target)
                        && Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                    return Optional.of(target);
                }
            }
        } catch (IOException e) {
            // Gone, dangling, a loop or out of reach: no folder of golden cases to read.
        }
        return Optional.empty();
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void readEntries(Path root, Path directory, String prefix, List<RuleFile> files, List<RuleProblem> unreadable) {
        List<String> names;
        try {
            names = entries(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + directory, e);
        }
        for (String entry : names) {
            String name = prefix + entry;
            if (isRulesetFile(name) || isGoldenCaseFile(name)) {
                read(root, directory.resolve(entry), name).ifPresentOrElse(files::add,
                        () -> unreadable.add(finding(name, whyUnreadable(root, directory.resolve(entry)))));
            } else if (looksLikeRuleFile(name)) {
                unreadable.add(finding(name, nameProblem(name).orElseThrow()));
            }
        }
    }

    /**
     * The file, when the entry is a regular file or a link resolving to one inside the folder; opened
     * without following links, so what was checked is what is read.
     */
    private static Optional<RuleFile> read(Path root, Path entry, String name) {
        try {
            Optional<Path> file = regularFileInside(root, entry);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(new RuleFile(name, StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(in.readAllBytes())).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " in the rules folder", e);
        }
    }

    /** The path to read for an entry, when it is a regular file or a link to one inside the folder. */
    private static Optional<Path> regularFileInside(Path root, Path entry) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
            return Optional.of(entry);
        }
        if (!attributes.isSymbolicLink()) {
            return Optional.empty();
        }
        Path target;
        try {
            target = entry.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        return target.startsWith(root) && !inGit(root, target)
                && Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()
                ? Optional.of(target) : Optional.empty();
    }

    /** Whether a path in the folder lies in its git repository's own files, which may hold credentials (a remote's URL). */
    private static boolean inGit(Path root, Path target) {
        for (Path part : root.relativize(target)) {
            if (part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    /** Why an entry with a rule file's name is not read; never naming or describing anything outside the folder. */
    private static String whyUnreadable(Path root, Path entry) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                Path target;
                try {
                    target = entry.toRealPath();
                } catch (IOException e) {
                    return LINK_OUT;
                }
                if (!target.startsWith(root)) {
                    return LINK_OUT;
                }
                if (inGit(root, target)) {
                    return "is a symbolic link into the folder's .git, which is not read";
                }
                return "is a symbolic link to something in the rules folder that is not a regular file ("
                        + kind(Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)) + ")";
            }
            return "is not a regular file (" + kind(attributes) + "): only regular files are read";
        } catch (IOException e) {
            return "cannot be examined: only regular files are read";
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : attributes.isOther() ? "a FIFO, device or socket" : "neither file nor directory";
    }

    private static RuleProblem finding(String name, String message) {
        return new RuleProblem(RecordableText.unambiguous(name), 0, 0, message);
    }

    /** The rules packaged with the application, listed by the index the build writes beside them. */
    public static List<RuleFile> bundled() {
        return readBundle(RulesetSource::isRulesetFile);
    }

    public static List<RuleFile> bundledGoldenCases() {
        return readBundle(RulesetSource::isGoldenCaseFile);
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
