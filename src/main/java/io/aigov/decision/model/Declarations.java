package io.aigov.decision.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a ruleset declares: the regimes it can expose a use case to (each with a title and the
 * levels it uses), the jurisdictions a use case can be in (each maybe within another), and the
 * capabilities a system can have. Requests, rules and the audit trail name them by code, so a rule
 * author adds a jurisdiction's rules with rule files alone.
 *
 * <p>A ruleset written before regimes were declared declares nothing: it keeps the regimes,
 * capabilities and jurisdiction the service knew then ({@link #LEGACY}) and their meaning, so that
 * its decisions still replay as they were made.
 */
public final class Declarations {

    /** @param levels the levels of exposure the regime's rules use */
    public record DeclaredRegime(String code, String title, Set<ExposureLevel> levels) {

        public DeclaredRegime {
            levels = levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
        }
    }

    /** @param within the jurisdiction that contains this one, or null */
    public record DeclaredJurisdiction(String code, String title, String within) {
    }

    public record DeclaredCapability(String code, String title) {
    }

    /**
     * Something a use case exposed to a regime must do, with an identity its controls are kept by.
     *
     * @param appliesFrom      the date it applies from: a date of the thresholds by its key, or a date as written
     * @param appliesFromDate  that date
     * @param recurrenceMonths how often it is due again (a bias audit every 12 months); null when once is enough
     * @param evidence         what may show it is met
     */
    public record DeclaredObligation(String id, String pack, String regime, String title, String citation, String appliesFrom,
            java.time.LocalDate appliesFromDate, Integer recurrenceMonths, Set<EvidenceKind> evidence) {

        public DeclaredObligation {
            evidence = evidence.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(evidence));
        }
    }

    /**
     * A framework of controls (ISO/IEC 42001 Annex A, NIST AI RMF) whose controls the obligations of
     * the packs are mapped to: an organisation shows its coverage of the framework through them.
     */
    public record DeclaredFramework(String code, String pack, String title, List<FrameworkControl> controls) {

        public DeclaredFramework {
            controls = List.copyOf(controls);
        }
    }

    /** One control of a framework, and the obligations that meet part of it. */
    public record FrameworkControl(String id, String title, List<String> obligations) {

        public FrameworkControl {
            obligations = List.copyOf(obligations);
        }
    }

    /** What may show that an obligation is met. */
    public enum EvidenceKind {
        DOCUMENT, LINK, ATTESTATION, TEST_RESULT
    }

    /** The fields of a use case a question's condition may read by value: its choices and yes-or-no fields. */
    private static final List<java.lang.reflect.RecordComponent> CONDITION_FIELDS = Arrays.stream(UseCase.class.getRecordComponents())
            .filter(field -> field.getType().isEnum() || field.getType() == Boolean.class).toList();

    /** What the service knew before regimes, jurisdictions and capabilities were declared by the rules. */
    public static final Declarations LEGACY = known();

    private final SortedMap<String, DeclaredRegime> regimes;
    private final SortedMap<String, DeclaredJurisdiction> jurisdictions;
    private final SortedMap<String, DeclaredCapability> capabilities;
    /** In the order they are asked: by pack, then as each pack declares them. */
    private final Map<String, Question> questions;
    private final SortedMap<String, DeclaredObligation> obligations;
    private final SortedMap<String, DeclaredFramework> frameworks;
    private final boolean legacy;

    public Declarations(Collection<DeclaredRegime> regimes, Collection<DeclaredJurisdiction> jurisdictions,
            Collection<DeclaredCapability> capabilities) {
        this(regimes, jurisdictions, capabilities, List.of(), List.of(), List.of(), false);
    }

    public Declarations(Collection<DeclaredRegime> regimes, Collection<DeclaredJurisdiction> jurisdictions,
            Collection<DeclaredCapability> capabilities, Collection<Question> questions) {
        this(regimes, jurisdictions, capabilities, questions, List.of(), List.of(), false);
    }

    public Declarations(Collection<DeclaredRegime> regimes, Collection<DeclaredJurisdiction> jurisdictions,
            Collection<DeclaredCapability> capabilities, Collection<Question> questions, Collection<DeclaredObligation> obligations,
            Collection<DeclaredFramework> frameworks) {
        this(regimes, jurisdictions, capabilities, questions, obligations, frameworks, false);
    }

    private Declarations(Collection<DeclaredRegime> regimes, Collection<DeclaredJurisdiction> jurisdictions,
            Collection<DeclaredCapability> capabilities, Collection<Question> questions, Collection<DeclaredObligation> obligations,
            Collection<DeclaredFramework> frameworks, boolean legacy) {
        this.regimes = byCode(regimes, DeclaredRegime::code);
        this.jurisdictions = byCode(jurisdictions, DeclaredJurisdiction::code);
        this.capabilities = byCode(capabilities, DeclaredCapability::code);
        Map<String, Question> asked = new LinkedHashMap<>();
        questions.forEach(question -> asked.put(question.id(), question));
        this.questions = java.util.Collections.unmodifiableMap(asked);
        this.obligations = byCode(obligations, DeclaredObligation::id);
        this.frameworks = byCode(frameworks, DeclaredFramework::code);
        this.legacy = legacy;
    }

    /** Whether the ruleset declares nothing and so keeps the meaning rules had before declarations. */
    public boolean legacy() {
        return legacy;
    }

    /** By code, in the order of their codes: the order exposures are listed in. */
    public List<DeclaredRegime> regimes() {
        return List.copyOf(regimes.values());
    }

    public List<DeclaredJurisdiction> jurisdictions() {
        return List.copyOf(jurisdictions.values());
    }

    public List<DeclaredCapability> capabilities() {
        return List.copyOf(capabilities.values());
    }

    /** The questions the packs ask, grouped by pack, each pack's in the order it declares them. */
    public List<Question> questions() {
        return List.copyOf(questions.values());
    }

    /** The obligations the packs declare, by id. */
    public List<DeclaredObligation> obligations() {
        return List.copyOf(obligations.values());
    }

    /** The frameworks the packs map obligations to, by code. */
    public List<DeclaredFramework> frameworks() {
        return List.copyOf(frameworks.values());
    }

    public Optional<DeclaredFramework> framework(String code) {
        return Optional.ofNullable(code == null ? null : frameworks.get(code));
    }

    public Optional<DeclaredObligation> obligation(String id) {
        return Optional.ofNullable(id == null ? null : obligations.get(id));
    }

    public Optional<Question> question(String id) {
        return Optional.ofNullable(id == null ? null : questions.get(id));
    }

    public Optional<DeclaredRegime> regime(String code) {
        return Optional.ofNullable(code == null ? null : regimes.get(code));
    }

    /**
     * What is wrong with a use case's jurisdictions, capabilities and answers for these rules, by
     * field ({@code answers.<question>} for an answer): codes that are not declared, answers to
     * questions not declared or not asked, answers that do not fit their question, required
     * questions asked and not answered. Empty when there is nothing wrong.
     */
    public Map<String, String> problemsWith(UseCase useCase) {
        Map<String, String> problems = new LinkedHashMap<>();
        undeclared("jurisdictions", useCase.jurisdictions(), jurisdictions.keySet(), problems);
        undeclared("capabilities", useCase.capabilities(), capabilities.keySet(), problems);
        if (problems.isEmpty()) {
            answerProblems(understood(useCase), useCase.answers(), problems);
        }
        return problems;
    }

    private void answerProblems(UseCase understood, Map<String, Object> given, Map<String, String> problems) {
        Map<String, Object> fitting = new LinkedHashMap<>();
        given.forEach((id, answer) -> {
            Question question = questions.get(id);
            if (question == null) {
                problems.put(answerField(id), RecordableText.quoted(id) + " is not a question the active rules ask"
                        + (questions.isEmpty() ? "; they ask none" : "; they ask " + String.join(", ", questions.keySet())));
            } else {
                question.problemWith(answer).ifPresentOrElse(problem -> problems.put(answerField(id), problem),
                        () -> fitting.put(id, question.normalised(answer)));
            }
        });
        Set<String> asked = asked(understood, fitting);
        for (Question question : questions.values()) {
            boolean answered = given.containsKey(question.id());
            if (answered && !asked.contains(question.id()) && !problems.containsKey(answerField(question.id()))) {
                problems.put(answerField(question.id()), "is asked only when " + question.askedWhen() + "; leave it out otherwise");
            } else if (!answered && question.required() && asked.contains(question.id())) {
                problems.put(answerField(question.id()), "is required: " + question.label());
            }
        }
    }

    /** The field a problem with an answer names: the question's id when it can be shown as it is. */
    private static String answerField(String id) {
        return "answers" + (id.matches("[a-z][a-z0-9-]{0,63}") ? "." + id : "");
    }

    /** The ids of the questions asked about a use case with these answers (each asked when its condition holds). */
    public Set<String> asked(UseCase understood, Map<String, Object> answers) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (java.lang.reflect.RecordComponent field : CONDITION_FIELDS) {
            try {
                Object value = field.getAccessor().invoke(understood);
                fields.put(field.getName(), value instanceof Boolean yes ? (yes ? "yes" : "no") : String.valueOf(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + field.getName(), e);
            }
        }
        Set<String> asked = new LinkedHashSet<>();
        Set<String> where = Set.copyOf(understood.jurisdictions());
        for (Question question : questions.values()) {
            if (question.isAsked(where, understood.capabilities(), fields, answers)) {
                asked.add(question.id());
            }
        }
        return asked;
    }

    /**
     * The use case as the rules see it: the jurisdictions that contain the ones it names are added to
     * them, and its answers are kept as their questions read them (choices in order, whole numbers as
     * such). Answers that do not fit are left as they are, for {@link #problemsWith} to name.
     */
    public UseCase understood(UseCase useCase) {
        Set<String> within = new TreeSet<>(useCase.jurisdictions());
        useCase.jurisdictions().forEach(code -> within.addAll(containing(code)));
        UseCase understood = within.equals(new TreeSet<>(useCase.jurisdictions())) ? useCase
                : useCase.withJurisdictions(List.copyOf(within));
        if (useCase.answers().isEmpty()) {
            return understood;
        }
        Map<String, Object> answers = new LinkedHashMap<>();
        useCase.answers().forEach((id, answer) -> {
            Question question = questions.get(id);
            answers.put(id, question != null && question.problemWith(answer).isEmpty() ? question.normalised(answer) : answer);
        });
        return answers.equals(useCase.answers()) ? understood : understood.withAnswers(answers);
    }

    /** Whether a declared jurisdiction lies within another: US-NYC within US-NY and US. */
    public boolean isWithin(String code, String container) {
        return containing(code).contains(container);
    }

    /** The jurisdictions that contain this one, nearest first; a cycle in the declarations ends the walk. */
    private Set<String> containing(String code) {
        Set<String> containing = new LinkedHashSet<>();
        Set<String> seen = new TreeSet<>();
        for (DeclaredJurisdiction at = jurisdictions.get(code); at != null && at.within() != null && seen.add(at.code());
                at = jurisdictions.get(at.within())) {
            containing.add(at.within());
        }
        return containing;
    }

    private static void undeclared(String field, Collection<String> given, Set<String> declared, Map<String, String> problems) {
        List<String> unknown = given.stream().filter(code -> !declared.contains(code)).map(code -> "'" + code + "'").toList();
        if (!unknown.isEmpty()) {
            problems.put(field, String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not declared by the active rules; declared: " + String.join(", ", declared));
        }
    }

    private static <T> SortedMap<String, T> byCode(Collection<T> declared, java.util.function.Function<T, String> code) {
        SortedMap<String, T> byCode = new TreeMap<>();
        declared.forEach(item -> byCode.put(code.apply(item), item));
        return java.util.Collections.unmodifiableSortedMap(byCode);
    }

    private static Declarations known() {
        List<DeclaredRegime> regimes = List.of(
                new DeclaredRegime(Regime.EU_AI_ACT.name(), "EU AI Act (Regulation (EU) 2024/1689)", EnumSet.allOf(ExposureLevel.class)),
                new DeclaredRegime(Regime.HIPAA.name(), "HIPAA", EnumSet.allOf(ExposureLevel.class)),
                new DeclaredRegime(Regime.SOX.name(), "Sarbanes-Oxley Act", EnumSet.allOf(ExposureLevel.class)));
        List<DeclaredCapability> capabilities = new ArrayList<>();
        Arrays.stream(Capability.values()).forEach(capability -> capabilities.add(new DeclaredCapability(capability.name(), capability.name())));
        return new Declarations(regimes, List.of(new DeclaredJurisdiction(UseCase.EU, "European Union", null)), capabilities, List.of(), List.of(), List.of(), true);
    }
}
