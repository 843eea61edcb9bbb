package io.aigov.decision.ruleset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.ThresholdsParser.Located;

/**
 * The frameworks a ruleset's packs declare ({@code framework.<CODE>.title}, and
 * {@code framework.<CODE>.control.<id>.title} and {@code .obligations} for each of its controls),
 * checked together: every control has a title, and every obligation a control names is declared.
 */
final class FrameworkDeclarations {

    /** A control's id, then what it declares: the id may hold dots (A.6.2.4). */
    static final Pattern CONTROL = Pattern.compile("control\\.(.+)\\.(title|obligations)");

    private FrameworkDeclarations() {
    }

    /**
     * @param declared    each framework's attributes by code: {@code title}, and {@code control.<id>.<attribute>}
     * @param obligations the ids of the obligations the packs declare, those refused for another reason too (reported once, there)
     */
    static List<Declarations.DeclaredFramework> of(Map<String, Map<String, Located>> declared, Set<String> obligations,
            List<RuleProblem> problems) {
        List<Declarations.DeclaredFramework> frameworks = new ArrayList<>();
        declared.forEach((code, attributes) -> {
            Located any = attributes.values().iterator().next();
            Located title = attributes.get("title");
            if (title == null) {
                problems.add(any.problem("framework." + code + ".title is missing: a framework needs it"));
                return;
            }
            Map<String, Map<String, Located>> controls = new TreeMap<>();
            attributes.forEach((attribute, located) -> {
                Matcher control = CONTROL.matcher(attribute);
                if (control.matches()) {
                    controls.computeIfAbsent(control.group(1), id -> new HashMap<>()).put(control.group(2), located);
                }
            });
            List<Declarations.FrameworkControl> declaredControls = new ArrayList<>();
            // In the order the pack lists them, which is the framework's own (A.2 before A.10, functions before risks).
            List<String> listed = controls.keySet().stream()
                    .sorted(Comparator.comparingInt((String id) -> controls.get(id).values().stream().mapToInt(Located::line).min().orElse(0)))
                    .toList();
            for (String id : listed) {
                Map<String, Located> parts = controls.get(id);
                Located controlTitle = parts.get("title");
                if (controlTitle == null) {
                    problems.add(parts.values().iterator().next().problem("framework." + code + ".control." + id
                            + ".title is missing: a control needs it"));
                    continue;
                }
                Located mapped = parts.get("obligations");
                List<String> ids = mapped == null ? List.of() : Arrays.stream(mapped.value().split("\\s*,\\s*")).toList();
                List<String> unknown = ids.stream().filter(obligation -> !obligations.contains(obligation)).toList();
                if (!unknown.isEmpty()) {
                    problems.add(mapped.problem(mapped.key() + " names " + String.join(", ", unknown) + ", which no pack declares as an obligation"));
                    continue;
                }
                declaredControls.add(new Declarations.FrameworkControl(id, controlTitle.value(), ids));
            }
            frameworks.add(new Declarations.DeclaredFramework(code, any.pack(), title.value(), declaredControls));
        });
        return frameworks;
    }
}
