package io.aigov.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README stays short, every relative link of the README and of the manual in {@code docs/}
 * leads somewhere (a file, and a heading when it names one), and the manual's contents page lists
 * every page.
 */
class DocumentationTest {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");
    static final long README_MAX_BYTES = 25_600;

    /** {@code [text](target)} or {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    @Test
    void theReadmeIsShort() throws IOException {
        long size = Files.size(README);
        assertTrue(size <= README_MAX_BYTES, "README.md has " + size + " bytes; at most " + README_MAX_BYTES
                + ": move details into a page of docs/");
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndItsHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path page : pages()) {
            for (String target : links(Files.readString(page))) {
                if (isExternal(target)) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
                Path linked = file.isEmpty() ? page : page.toAbsolutePath().getParent()
                        .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no file " + linked + ")");
                } else if (anchor != null) {
                    if (!linked.getFileName().toString().endsWith(".md")) {
                        broken.add(page + ": " + target + " (a heading of a file that is not Markdown)");
                        continue;
                    }
                    Set<String> headings = anchors.computeIfAbsent(linked.toAbsolutePath().normalize(), DocumentationTest::anchorsOf);
                    if (!headings.contains(anchor)) {
                        broken.add(page + ": " + target + " (no heading with the anchor '" + anchor + "'; there are " + headings + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theManualsContentsLinkEveryPage() throws IOException {
        Path contents = DOCS.resolve("README.md");
        Set<String> linked = new TreeSet<>();
        for (String target : links(Files.readString(contents))) {
            if (!isExternal(target)) {
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!file.isEmpty()) {
                    linked.add(DOCS.resolve(file).normalize().toString());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            if (page.startsWith(DOCS) && !page.equals(contents) && !linked.contains(page.normalize().toString())) {
                missing.add(page.toString());
            }
        }
        assertEquals(List.of(), missing, "pages of docs/ that docs/README.md does not link");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertEquals(Set.of("why-not-counterfactuals", "read-it-again-and-list-evaluations", "start-up",
                "four-eyes-control-of-rule-changes", "the-rules-api", "the-rules-api-1"),
                anchorsOfText("# Why not: counterfactuals\n## Read it again, and list evaluations\n### Start-up\n"
                        + "## Four-eyes control of rule changes\n## The rules API\n```\n# not a heading\n```\n## The rules API\n"));
    }

    /** The README and every Markdown page of docs/ (not of its sub-folders). */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The targets of the links outside code blocks and code spans. */
    private static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    private static boolean isExternal(String target) {
        return target.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    private static Set<String> anchorsOf(Path page) {
        try {
            return anchorsOfText(Files.readString(page));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + page, e);
        }
    }

    /**
     * The anchors GitHub gives the headings of a page: the heading's text lower-cased, every
     * character but letters, digits, spaces, {@code -} and {@code _} dropped, spaces turned into
     * {@code -}; a repeated anchor gets {@code -1}, {@code -2}, ...
     */
    static Set<String> anchorsOfText(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String text = heading.group(2)
                    .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1") // a link's text stays, its target goes
                    .replace("`", "").replace("*", "");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }
}
