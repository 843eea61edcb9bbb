package io.aigov.decision.ruleset;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.model.Thresholds;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Turns a ruleset's {@code .properties} files ({@code thresholds.properties}, and a pack's own) into
 * its {@link Thresholds} and {@link Declarations}. Keys ending in {@code .date} hold ISO dates
 * (2027-12-02); keys under {@code regime.}, {@code jurisdiction.} and {@code capability.} declare
 * what the rules name (docs/rules.md, "Regulation packs"); every other key holds a finite, non-negative
 * number, since no volume, count, duration, latency, buffer or weight the rules use can be negative.
 * A key appears in one file only.
 */
public final class ThresholdsParser {

    /** The numbers, dates and declarations of a ruleset. */
    public record RulesetData(Thresholds thresholds, Declarations declarations) {
    }

    private static final Pattern DECLARATION = Pattern.compile("(regime|jurisdiction|capability)\\.([^.]+)\\.([^.]+)");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,10}){0,3}");
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of("regime", Set.of("title", "levels"),
            "jurisdiction", Set.of("title", "within"), "capability", Set.of("title"));
    private static final int MAX_TITLE = 200;
    static final Pattern OBLIGATION = Pattern.compile("obligation\\.(.+)\\.([^.]+)");
    private static final Pattern OBLIGATION_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*");
    private static final Set<String> OBLIGATION_ATTRIBUTES = Set.of("regime", "title", "citation", "appliesFrom", "recurrenceMonths",
            "evidence");
    private static final Pattern QUESTION = Pattern.compile("question\\.([^.]+)\\.(.+)");
    static final Pattern FRAMEWORK = Pattern.compile("framework\\.([^.]+)\\.(.+)");
    private static final Pattern FRAMEWORK_CONTROL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,39}");
    private static final int MAX_MAPPED = 4_000;
    private static final Pattern QUESTION_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern CHOICE_LABEL = Pattern.compile("choice\\.(.+)");
    private static final Set<String> QUESTION_ATTRIBUTES = Set.of("type", "label", "help", "choices", "unit", "required",
            "askedWhen", "default", "maxLength");
    private static final int MAX_HELP = 1_000;
    static final Pattern ASKED_WHEN = Pattern.compile("(\\S+)\\s+(is|has)\\s+(\\S.*)");
    /** Between the conditions of an askedWhen, which all hold when the question is asked. */
    static final Pattern AND = Pattern.compile("\\s+and\\s+");

    private ThresholdsParser() {
    }

    /** @throws InvalidRulesetException naming each file, line and problem */
    static RulesetData parse(List<RuleFile> files) {
        Map<String, Double> numbers = new HashMap<>();
        Map<String, LocalDate> dates = new HashMap<>();
        Map<String, Map<String, Map<String, Located>>> declared = new TreeMap<>();
        Map<String, Map<String, Located>> questions = new LinkedHashMap<>();
        Map<String, Map<String, Located>> obligations = new TreeMap<>();
        Map<String, Map<String, Located>> frameworks = new TreeMap<>();
        Map<String, RuleFile> keyFile = new HashMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleFile file : files) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(file.content()));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(new RuleProblem(file.name(), 0, 0, "cannot be read: " + e.getMessage()));
                continue;
            }
            KeyLines lines = new KeyLines(file);
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key).strip();
                Optional<RuleProblem> unrecordable = lines.unrecordable(key, properties.getProperty(key));
                if (unrecordable.isPresent()) {
                    problems.add(unrecordable.get());
                    continue;
                }
                RuleFile earlier = keyFile.putIfAbsent(key, file);
                if (earlier != null) {
                    problems.add(lines.problem(key, key + " is set in " + earlier.name() + " already"));
                    continue;
                }
                Optional<String> problem = valueProblem(key, value);
                Matcher declaration = DECLARATION.matcher(key);
                Matcher question = QUESTION.matcher(key);
                Matcher obligation = OBLIGATION.matcher(key);
                Matcher framework = FRAMEWORK.matcher(key);
                if (problem.isPresent()) {
                    problems.add(lines.problem(key, key + " = " + RecordableText.quoted(value) + " " + problem.get()));
                } else if (framework.matches()) {
                    frameworks.computeIfAbsent(framework.group(1), code -> new LinkedHashMap<>()).put(framework.group(2),
                            new Located(lines, key, value));
                } else if (obligation.matches()) {
                    obligations.computeIfAbsent(obligation.group(1), id -> new LinkedHashMap<>()).put(obligation.group(2),
                            new Located(lines, key, value));
                } else if (question.matches()) {
                    questions.computeIfAbsent(question.group(1), id -> new LinkedHashMap<>()).put(question.group(2),
                            new Located(lines, key, value));
                } else if (declaration.matches()) {
                    declared.computeIfAbsent(declaration.group(1), kind -> new TreeMap<>())
                            .computeIfAbsent(declaration.group(2), code -> new LinkedHashMap<>())
                            .put(declaration.group(3), new Located(lines, key, value));
                } else if (key.endsWith(".date")) {
                    dates.put(key, LocalDate.parse(value));
                } else {
                    numbers.put(key, Double.parseDouble(value));
                }
            }
        }
        List<Declarations.DeclaredObligation> declaredObligations = ObligationDeclarations.of(obligations, declared, dates,
                keyFile.keySet(), problems);
        Declarations declarations = declarations(declared, QuestionDeclarations.of(questions, declared, problems), declaredObligations,
                FrameworkDeclarations.of(frameworks, obligations.keySet(), problems), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
        return new RulesetData(new Thresholds(numbers, dates), declarations);
    }

    /**
     * What is wrong with a value for this key, if anything: a declaration's text for keys under
     * regime., jurisdiction. and capability., dates for keys ending in .date, numbers of zero or more
     * for the rest.
     */
    public static Optional<String> valueProblem(String key, String value) {
        if (key.startsWith("framework.")) {
            Matcher framework = FRAMEWORK.matcher(key);
            return framework.matches() ? frameworkProblem(framework.group(1), framework.group(2), value.strip())
                    : Optional.of("is no declaration: declare a framework with framework.<CODE>.title and framework.<CODE>.control.<id>.title");
        }
        if (key.startsWith("obligation.")) {
            Matcher obligation = OBLIGATION.matcher(key);
            return obligation.matches() ? obligationProblem(obligation.group(1), obligation.group(2), value.strip())
                    : Optional.of("is no declaration: declare an obligation with obligation.<id>.regime, .title, ...");
        }
        Matcher question = QUESTION.matcher(key);
        if (question.matches() || key.startsWith("question.")) {
            return question.matches() ? questionProblem(question.group(1), question.group(2), value.strip())
                    : Optional.of("is no declaration: declare a question with question.<id>.type, .label, ...");
        }
        Matcher declaration = DECLARATION.matcher(key);
        if (declaration.matches()) {
            return declarationProblem(declaration.group(1), declaration.group(2), declaration.group(3), value.strip());
        }
        if (key.startsWith("regime.") || key.startsWith("jurisdiction.") || key.startsWith("capability.")) {
            return Optional.of("is no declaration: declare with regime.<CODE>.title, jurisdiction.<CODE>.title or capability.<CODE>.title");
        }
        if (key.endsWith(".date")) {
            try {
                LocalDate.parse(value.strip());
                return Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.of("is not a date like 2027-12-02");
            }
        }
        try {
            double number = Double.parseDouble(value.strip());
            return Double.isFinite(number) && number >= 0 ? Optional.empty() : Optional.of("must be a number of zero or more");
        } catch (NumberFormatException e) {
            return Optional.of("is not a number");
        }
    }

    /** What is wrong with one attribute of a framework on its own; {@link FrameworkDeclarations} checks them together. */
    private static Optional<String> frameworkProblem(String code, String attribute, String value) {
        if (!CODE.matcher(code).matches()) {
            return Optional.of("declares a framework whose code is not upper-case letters, digits and _ (starting with a letter)");
        }
        Matcher control = FrameworkDeclarations.CONTROL.matcher(attribute);
        if (!attribute.equals("title") && !control.matches()) {
            return Optional.of("is not something a framework declares: title, control.<id>.title, control.<id>.obligations");
        }
        if (control.matches() && !FRAMEWORK_CONTROL_ID.matcher(control.group(1)).matches()) {
            return Optional.of("declares a control whose id is not letters, digits, dots and - (A.6.2.4, GOVERN-1.1), at most 40 characters");
        }
        int longest = attribute.endsWith(".obligations") ? MAX_MAPPED : MAX_TITLE;
        if (value.isEmpty() || value.length() > longest) {
            return Optional.of("must be 1 to " + longest + " characters");
        }
        if (attribute.endsWith(".obligations") && !Arrays.stream(value.split("\\s*,\\s*")).allMatch(id -> OBLIGATION_ID.matcher(id).matches())) {
            return Optional.of("must be obligation ids separated by commas (eu-ai-act.art9.risk-management, nyc-ll144.bias-audit)");
        }
        return Optional.empty();
    }

    /** What is wrong with one attribute of an obligation on its own; {@link ObligationDeclarations} checks them together. */
    private static Optional<String> obligationProblem(String id, String attribute, String value) {
        if (id.length() > 100 || !OBLIGATION_ID.matcher(id).matches()) {
            return Optional.of("declares an obligation whose id is not lower-case words of letters, digits and -, joined by dots"
                    + " (eu-ai-act.art9.risk-management), at most 100 characters");
        }
        if (!OBLIGATION_ATTRIBUTES.contains(attribute)) {
            return Optional.of("is not something an obligation declares: " + String.join(", ", new java.util.TreeSet<>(OBLIGATION_ATTRIBUTES)));
        }
        if (value.isEmpty() || value.length() > MAX_TITLE) {
            return Optional.of("must be 1 to " + MAX_TITLE + " characters");
        }
        return switch (attribute) {
            case "recurrenceMonths" -> value.matches("[1-9][0-9]{0,2}") && Integer.parseInt(value) <= 120 ? Optional.empty()
                    : Optional.of("must be a whole number of months from 1 to 120");
            case "evidence" -> Arrays.stream(value.split("\\s*,\\s*")).allMatch(kind -> Arrays.stream(Declarations.EvidenceKind.values())
                    .anyMatch(known -> known.name().equals(kind))) ? Optional.empty()
                    : Optional.of("must name kinds of evidence among " + Arrays.toString(Declarations.EvidenceKind.values()));
            default -> Optional.empty();
        };
    }

    /** What is wrong with one attribute of a question on its own; {@link QuestionDeclarations} checks them together. */
    private static Optional<String> questionProblem(String id, String attribute, String value) {
        if (!QUESTION_ID.matcher(id).matches()) {
            return Optional.of("declares a question whose id is not lower-case letters, digits and - (starting with a letter, at most 64)");
        }
        Matcher choice = CHOICE_LABEL.matcher(attribute);
        if (choice.matches() && !CODE.matcher(choice.group(1)).matches()) {
            return Optional.of("labels a choice whose code is not upper-case letters, digits and _ (starting with a letter)");
        }
        if (!choice.matches() && !QUESTION_ATTRIBUTES.contains(attribute)) {
            return Optional.of("is not something a question declares: " + String.join(", ", new java.util.TreeSet<>(QUESTION_ATTRIBUTES))
                    + ", choice.<CODE>");
        }
        int longest = attribute.equals("help") ? MAX_HELP : attribute.equals("default") ? Question.LONGEST_TEXT : MAX_TITLE;
        if (value.isEmpty() || value.length() > longest) {
            return Optional.of("must be 1 to " + longest + " characters");
        }
        return switch (attribute) {
            case "type" -> Question.Type.ofCode(value).isPresent() ? Optional.empty() : Optional.of("is not a question type: "
                    + String.join(", ", Arrays.stream(Question.Type.values()).map(Question.Type::code).toList()));
            case "required" -> value.equals("true") || value.equals("false") ? Optional.empty() : Optional.of("must be true or false");
            case "maxLength" -> value.matches("[1-9][0-9]{0,3}") && Integer.parseInt(value) <= Question.LONGEST_TEXT ? Optional.empty()
                    : Optional.of("must be a whole number from 1 to " + Question.LONGEST_TEXT);
            case "choices" -> Arrays.stream(value.split("\\s*,\\s*")).allMatch(code -> CODE.matcher(code).matches()) ? Optional.empty()
                    : Optional.of("must be codes of upper-case letters, digits and _, separated by commas");
            case "askedWhen" -> Arrays.stream(AND.split(value)).allMatch(clause -> ASKED_WHEN.matcher(clause).matches()) ? Optional.empty()
                    : Optional.of("must read '<field or question> is <value>, ...' or '<field or question> has <value>, ...', joined by 'and'");
            default -> Optional.empty();
        };
    }

    private static Optional<String> declarationProblem(String kind, String code, String attribute, String value) {
        if (!(kind.equals("jurisdiction") ? JURISDICTION : CODE).matcher(code).matches()) {
            return Optional.of(kind.equals("jurisdiction")
                    ? "declares a jurisdiction whose code is not like EU, US, US-NY or US-NYC"
                    : "declares a " + kind + " whose code is not upper-case letters, digits and _ (starting with a letter)");
        }
        if (!ATTRIBUTES.get(kind).contains(attribute)) {
            return Optional.of("is not something a " + kind + " declares: " + String.join(", ", new java.util.TreeSet<>(ATTRIBUTES.get(kind))));
        }
        if (value.isEmpty() || value.length() > MAX_TITLE) {
            return Optional.of("must be 1 to " + MAX_TITLE + " characters");
        }
        if (attribute.equals("levels")) {
            for (String level : value.split("\\s*,\\s*")) {
                if (Arrays.stream(ExposureLevel.values()).noneMatch(known -> known.name().equals(level))) {
                    return Optional.of("names the level '" + level + "'; levels are " + Arrays.toString(ExposureLevel.values()));
                }
            }
        }
        if (attribute.equals("within") && !JURISDICTION.matcher(value).matches()) {
            return Optional.of("is not a jurisdiction code like EU, US or US-NY");
        }
        return Optional.empty();
    }

    /** A declaration's attribute with the file and key it was read from, for problems. */
    record Located(KeyLines lines, String key, String value) {

        RuleProblem problem(String message) {
            return lines.problem(key, message);
        }

        /** The line it is written on (0 when it cannot be found as written). */
        int line() {
            return lines.lineOfKey.getOrDefault(key, 0);
        }

        /** The file it was read from, without .properties: the pack. */
        String pack() {
            String name = lines.file.name();
            return name.endsWith(".properties") ? name.substring(0, name.length() - ".properties".length()) : name;
        }
    }

    private static Declarations declarations(Map<String, Map<String, Map<String, Located>>> declared, List<Question> questions,
            List<Declarations.DeclaredObligation> obligations, List<Declarations.DeclaredFramework> frameworks, List<RuleProblem> problems) {
        List<Declarations.DeclaredRegime> regimes = new ArrayList<>();
        declared.getOrDefault("regime", Map.of()).forEach((code, attributes) -> {
            Located title = required(attributes, "title", problems);
            Located levels = required(attributes, "levels", problems);
            if (title != null && levels != null) {
                Set<ExposureLevel> used = EnumSet.noneOf(ExposureLevel.class);
                Arrays.stream(levels.value().split("\\s*,\\s*")).forEach(level -> used.add(ExposureLevel.valueOf(level)));
                regimes.add(new Declarations.DeclaredRegime(code, title.value(), used));
            }
        });
        List<Declarations.DeclaredJurisdiction> jurisdictions = new ArrayList<>();
        Map<String, Map<String, Located>> declaredJurisdictions = declared.getOrDefault("jurisdiction", Map.of());
        declaredJurisdictions.forEach((code, attributes) -> {
            Located title = required(attributes, "title", problems);
            Located within = attributes.get("within");
            if (within != null && !declaredJurisdictions.containsKey(within.value())) {
                problems.add(within.problem(within.key() + " names " + within.value() + ", which is not declared"));
            } else if (within != null && circular(code, declaredJurisdictions)) {
                problems.add(within.problem("jurisdiction " + code + " ends up within itself"));
            } else if (title != null) {
                jurisdictions.add(new Declarations.DeclaredJurisdiction(code, title.value(), within == null ? null : within.value()));
            }
        });
        List<Declarations.DeclaredCapability> capabilities = new ArrayList<>();
        declared.getOrDefault("capability", Map.of()).forEach((code, attributes) -> {
            Located title = required(attributes, "title", problems);
            if (title != null) {
                capabilities.add(new Declarations.DeclaredCapability(code, title.value()));
            }
        });
        return declared.isEmpty() && questions.isEmpty() && obligations.isEmpty() && frameworks.isEmpty() ? Declarations.LEGACY
                : new Declarations(regimes, jurisdictions, capabilities, questions, obligations, frameworks);
    }

    private static boolean circular(String code, Map<String, Map<String, Located>> jurisdictions) {
        Set<String> seen = new java.util.HashSet<>();
        for (String at = code; at != null; ) {
            if (!seen.add(at)) {
                return true;
            }
            Located within = jurisdictions.getOrDefault(at, Map.of()).get("within");
            at = within == null ? null : within.value();
        }
        return false;
    }

    private static Located required(Map<String, Located> attributes, String attribute, List<RuleProblem> problems) {
        Located found = attributes.get(attribute);
        if (found == null) {
            Located any = attributes.values().iterator().next();
            String prefix = any.key().substring(0, any.key().lastIndexOf('.') + 1);
            problems.add(any.problem(prefix + attribute + " is missing: a declaration needs it"));
        }
        return found;
    }

    /**
     * Where each key of a file is written, found in one pass (a file with many problems must not be
     * read once per problem), to locate problems by line and column.
     */
    static final class KeyLines {

        private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

        private final RuleFile file;
        private final List<String> lines;
        private final Map<String, Integer> lineOfKey = new HashMap<>();
        /** Looked for once, when first needed. */
        private Optional<RuleProblem> firstRefusedEscape;

        KeyLines(RuleFile file) {
            this.file = file;
            this.lines = file.content().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                int end = 0;
                while (end < line.length() && "=: \t\f".indexOf(line.charAt(end)) < 0) {
                    end++;
                }
                if (end > 0 && line.charAt(0) != '#' && line.charAt(0) != '!') {
                    lineOfKey.putIfAbsent(line.substring(0, end), i + 1);
                }
            }
        }

        RuleProblem problem(String key, String message) {
            return new RuleProblem(file.name(), lineOfKey.getOrDefault(key, 0), lineOfKey.containsKey(key) ? 1 : 0, message);
        }

        /**
         * A key or value that escapes ({@code \u0000}) write characters a record may not hold: the
         * escape is located where it is written.
         */
        Optional<RuleProblem> unrecordable(String key, String value) {
            Optional<String> problem = RecordableText.refusedCharacterIn(key).or(() -> RecordableText.refusedCharacterIn(value));
            if (problem.isEmpty()) {
                return Optional.empty();
            }
            String message = "the key " + RecordableText.quoted(key) + " or its value holds " + problem.get()
                    + ", written as an escape: rule files may hold only text a record can keep";
            // On the key's line, or on the lines a value continues on (a line ending in a backslash).
            for (int line = lineOfKey.getOrDefault(key, 0); line > 0 && line <= lines.size(); line++) {
                Optional<RuleProblem> at = refusedEscape(line, message);
                if (at.isPresent() || !lines.get(line - 1).endsWith("\\")) {
                    return Optional.of(at.orElseGet(() -> problem(key, message)));
                }
            }
            // A key written with escapes is not found by its text: the file's first such escape is shown.
            if (firstRefusedEscape == null) {
                firstRefusedEscape = Optional.empty();
                for (int line = 1; line <= lines.size() && firstRefusedEscape.isEmpty(); line++) {
                    firstRefusedEscape = refusedEscape(line, "");
                }
            }
            return Optional.of(firstRefusedEscape.map(at -> new RuleProblem(file.name(), at.line(), at.column(), message))
                    .orElseGet(() -> problem(key, message)));
        }

        private Optional<RuleProblem> refusedEscape(int line, String message) {
            Matcher escape = ESCAPE.matcher(lines.get(line - 1));
            while (escape.find()) {
                if (RecordableText.firstRefused(String.valueOf((char) Integer.parseInt(escape.group(1), 16))).isPresent()) {
                    return Optional.of(new RuleProblem(file.name(), line, escape.start() + 1, message));
                }
            }
            return Optional.empty();
        }
    }
}
