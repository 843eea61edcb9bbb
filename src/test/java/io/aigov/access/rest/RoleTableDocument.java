package io.aigov.access.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role table of the section "Users and roles" in {@code docs/board-and-roles.md}: a row names
 * operations as {@code `GET /api/...`} in its first cell and marks with ✓ the roles, one column
 * each, that may call them.
 */
final class RoleTableDocument {

    /** The page that holds the table, from the project's root. */
    static final Path PAGE = Path.of("docs", "board-and-roles.md");

    private static final Pattern OPERATION = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api[^`]*)`");

    private RoleTableDocument() {
    }

    /** Each operation listed, as "METHOD /path", with the roles marked for it. */
    static Map<String, Set<String>> read(Path page) throws IOException {
        String text = Files.readString(page);
        int start = text.indexOf("\n## Users and roles\n");
        if (start < 0) {
            throw new IllegalStateException(page + " has no section 'Users and roles'");
        }
        int end = text.indexOf("\n## ", start + 1);
        List<String> roles = null;
        Map<String, Set<String>> operations = new TreeMap<>();
        for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
            if (!line.startsWith("|")) {
                roles = line.isBlank() ? roles : null;
                continue;
            }
            List<String> cells = cells(line);
            if (roles == null) {
                roles = cells.subList(1, cells.size()).stream().map(cell -> cell.replace("`", "")).toList();
                continue;
            }
            Set<String> marked = new TreeSet<>();
            for (int i = 1; i < cells.size() && i <= roles.size(); i++) {
                if (cells.get(i).equals("✓")) {
                    marked.add(roles.get(i - 1));
                }
            }
            Matcher operation = OPERATION.matcher(cells.get(0));
            while (operation.find()) {
                String key = operation.group(1) + " " + operation.group(2);
                if (operations.put(key, marked) != null) {
                    throw new IllegalStateException(key + " is listed twice in the role table");
                }
            }
        }
        return operations;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        String inner = row.strip();
        for (String cell : inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length()).split("\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
