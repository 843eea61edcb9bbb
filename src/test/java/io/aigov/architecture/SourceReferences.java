package io.aigov.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of our classes each source file names, in an import or by its qualified name (javadoc
 * included). The class files ArchUnit reads miss what javac inlines: {@code @RolesAllowed(Roles.ADMIN)}
 * leaves no trace of {@code Roles} in the class it annotates, so an import of a constant is only seen here.
 */
final class SourceReferences {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** Lower-case package segments, then the class. */
    private static final Pattern OUR_CLASS = Pattern.compile("\\b(io\\.aigov(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    /** {@code file}, in package {@code from}, names {@code target}, a class of package {@code to}. */
    record Reference(Path file, String from, String to, String target) {
    }

    private SourceReferences() {
    }

    static List<Reference> in(Path sources) throws IOException {
        List<Reference> references = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher declared = PACKAGE.matcher(text);
                String from = declared.find() ? declared.group(1) : "";
                Matcher named = OUR_CLASS.matcher(text);
                while (named.find()) {
                    if (!named.group(1).equals(from)) {
                        references.add(new Reference(sources.relativize(file), from, named.group(1), named.group()));
                    }
                }
            }
        }
        return references;
    }

    /**
     * The cycles between slices, a slice being what {@code slice} makes of a package (null: in none),
     * each with the references that close it; empty when there is none.
     */
    static List<String> cycles(List<Reference> references, Function<String, String> slice) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Reference reference : references) {
            String from = slice.apply(reference.from());
            String to = slice.apply(reference.to());
            if (from != null && to != null && !from.equals(to)) {
                edges.computeIfAbsent(from, any -> new TreeSet<>()).add(to);
            }
        }
        List<String> cycles = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            Set<String> cycle = new TreeSet<>();
            for (String other : reachable(edges, start)) {
                if (reachable(edges, other).contains(start)) {
                    cycle.add(other);
                }
            }
            if (!cycle.isEmpty() && reported.add(cycle.toString())) {
                StringBuilder report = new StringBuilder("cycle between " + cycle + ":");
                references.stream().filter(r -> {
                    String from = slice.apply(r.from());
                    String to = slice.apply(r.to());
                    return from != null && to != null && cycle.contains(from) && cycle.contains(to) && !from.equals(to);
                }).map(r -> "\n    " + r.file() + " names " + r.target()).distinct().forEach(report::append);
                cycles.add(report.toString());
            }
        }
        return cycles;
    }

    /** The slices {@code start} leads to in one or more steps. */
    private static Set<String> reachable(Map<String, Set<String>> edges, String start) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!next.isEmpty()) {
            String slice = next.pop();
            if (seen.add(slice)) {
                next.addAll(edges.getOrDefault(slice, Set.of()));
            }
        }
        return seen;
    }
}
