package io.aigov.decision.explain;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.validation.constraints.Positive;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.Counterfactuals.Counterfactual;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;

/**
 * Finds what would change a decision by deciding changed inputs on the same ruleset: each field of
 * the use case changed on its own, a yes-or-no flipped, each other choice, each declared capability
 * or jurisdiction added or taken away, and each number moved to where the rules compare it with a
 * threshold ({@link Breakpoints}), then narrowed down to the smallest change that tells. Every
 * change it reports was decided; none is inferred. The search stops at its budget and says so.
 */
public final class CounterfactualSearch {

    /** How much one search may cost: changed inputs decided, and time. */
    public record Budget(int evaluations, Duration time) {
    }

    /** Fields a person writes (text) or that say the same as another (euExposure is EU among the jurisdictions). */
    private static final Set<String> NOT_VARIED = Set.of("name", "description", "euExposure", "answers");
    /** How a counterfactual names an answer it changed: answers.<question id>, as the problem with an answer names it. */
    private static final String ANSWERS = "answers.";
    private static final RecordComponent[] FIELDS = UseCase.class.getRecordComponents();
    private static final Constructor<UseCase> CONSTRUCTOR = canonicalConstructor();
    private static final double DOUBLE_STEP = 0.1;
    /**
     * How far the ladder of a number reaches: twice or half its value. It is for comparisons the rule files do not
     * show as such (a bound variable compared elsewhere); for the shipped rules the breakpoints alone find every
     * counterfactual of every golden case, and a ladder of 4 times or a quarter cost a seventh more decisions.
     */
    private static final int LADDER_STEPS = 1;

    private final Ruleset ruleset;
    private final UseCase input;
    private final DecisionOutcome decision;
    private final Budget budget;
    /** What each input decided so far came to (empty where the rules failed on it): narrowing down meets values tried before. */
    private final Map<UseCase, Optional<DecisionOutcome>> outcomes = new HashMap<>();
    private final Map<String, Counterfactual> approach = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Counterfactual> verdict = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile int evaluations;
    private volatile boolean complete;

    private CounterfactualSearch(Ruleset ruleset, UseCase input, Decision decision, Budget budget) {
        this.ruleset = ruleset;
        this.input = input;
        this.decision = DecisionOutcome.of(decision);
        this.budget = budget;
    }

    /**
     * @param input    the use case as the rules saw it (its jurisdictions as understood)
     * @param decision what the ruleset decided for it
     * @param date     the evaluation date the decision was made on
     */
    public static Counterfactuals search(Ruleset ruleset, UseCase input, Decision decision, LocalDate date, EvaluationLimits limits,
            Budget budget) {
        CounterfactualSearch search = new CounterfactualSearch(ruleset, input, decision, budget);
        DecisionEngine.explore(ruleset, date, limits, budget.time(), search::run);
        return search.found();
    }

    private Counterfactuals found() {
        synchronized (approach) {
            synchronized (verdict) {
                return new Counterfactuals(List.copyOf(approach.values()), List.copyOf(verdict.values()), evaluations, complete);
            }
        }
    }

    private void run(DecisionEngine.Decider decider) {
        try {
            for (RecordComponent field : FIELDS) {
                if (NOT_VARIED.contains(field.getName())) {
                    continue;
                }
                Class<?> type = field.getType();
                if (type == Boolean.class) {
                    Boolean now = (Boolean) value(input, field);
                    tryValue(decider, field, !now, describe(field, !now, now));
                } else if (type.isEnum()) {
                    choices(decider, field);
                } else if (Collection.class.isAssignableFrom(type)) {
                    codes(decider, field);
                }
            }
            answers(decider);
            for (RecordComponent field : FIELDS) {
                if (field.getType() == Long.class || field.getType() == Double.class) {
                    numbers(decider, field);
                }
            }
            complete = true;
        } catch (BudgetSpent spent) {
            complete = false;
        }
    }

    /**
     * Each answer to a question the packs ask about this use case changed on its own: a yes-or-no
     * flipped, each other choice, each choice of several added or taken away. Numbers, dates and
     * text are not varied: no breakpoint of the rules is known for them.
     */
    private void answers(DecisionEngine.Decider decider) {
        Declarations declarations = ruleset.declarations();
        for (String id : declarations.asked(input, input.answers())) {
            Question question = declarations.question(id).orElseThrow();
            Object now = input.answers().containsKey(id) ? input.answers().get(id) : question.fallback();
            String field = ANSWERS + id;
            switch (question.type()) {
                case YES_NO -> {
                    boolean yes = Boolean.TRUE.equals(now);
                    tryInput(decider, field, !yes, now, withAnswer(id, !yes), field + " " + !yes + " instead of " + (now == null ? "no answer" : now));
                }
                case ONE_CHOICE -> {
                    for (String choice : question.choices().keySet()) {
                        if (!choice.equals(now)) {
                            tryInput(decider, field, choice, now, withAnswer(id, choice),
                                    field + " " + choice + " instead of " + (now == null ? "no answer" : now));
                        }
                    }
                }
                case SEVERAL_CHOICES -> {
                    List<String> chosen = now instanceof Collection<?> codes ? codes.stream().map(String::valueOf).toList() : List.of();
                    for (String choice : question.choices().keySet()) {
                        NavigableSet<String> changed = new TreeSet<>(chosen);
                        boolean taken = changed.contains(choice);
                        if (taken) {
                            changed.remove(choice);
                        } else {
                            changed.add(choice);
                        }
                        tryInput(decider, field, List.copyOf(changed), chosen, withAnswer(id, List.copyOf(changed)), field
                                + (taken ? " without " : " with ") + choice + " (now " + (chosen.isEmpty() ? "none" : String.join(", ", chosen)) + ")");
                    }
                }
                default -> {
                }
            }
        }
    }

    private UseCase withAnswer(String id, Object answer) {
        Map<String, Object> answers = new HashMap<>(input.answers());
        answers.put(id, answer);
        return input.withAnswers(answers);
    }

    /** The search has decided as many inputs, or run as long, as it may. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    private void choices(DecisionEngine.Decider decider, RecordComponent field) {
        Enum<?> now = (Enum<?>) value(input, field);
        for (Enum<?> other : choicesToTry(now, Breakpoints.of(ruleset)::names)) {
            tryValue(decider, field, other, describe(field, other.name(), now.name()));
        }
    }

    /**
     * Each other choice, nearest first: the nearest that gives another outcome is the smallest change. Choices no
     * rule file names ({@link Breakpoints#names}) are alike to the rules: of those, only the nearest is tried, and
     * none when the use case's own choice is one of them.
     */
    static List<Enum<?>> choicesToTry(Enum<?> now, Predicate<String> named) {
        List<Enum<?>> others = new ArrayList<>();
        for (Enum<?> constant : now.getDeclaringClass().getEnumConstants()) {
            if (constant != now) {
                others.add(constant);
            }
        }
        others.sort((a, b) -> Integer.compare(Math.abs(a.ordinal() - now.ordinal()), Math.abs(b.ordinal() - now.ordinal())));
        List<Enum<?>> choices = new ArrayList<>();
        boolean unnamedTried = !named.test(now.name());
        for (Enum<?> other : others) {
            if (!named.test(other.name())) {
                if (unnamedTried) {
                    continue;
                }
                unnamedTried = true;
            }
            choices.add(other);
        }
        return choices;
    }

    /** Each declared code added, and each given code taken away (with the codes within it), in the order of the codes. */
    private void codes(DecisionEngine.Decider decider, RecordComponent field) {
        boolean jurisdictions = field.getName().equals("jurisdictions");
        List<String> declared = jurisdictions
                ? ruleset.declarations().jurisdictions().stream().map(Declarations.DeclaredJurisdiction::code).toList()
                : ruleset.declarations().capabilities().stream().map(Declarations.DeclaredCapability::code).toList();
        @SuppressWarnings("unchecked")
        Collection<String> now = (Collection<String>) value(input, field);
        for (String code : declared) {
            NavigableSet<String> changed = new TreeSet<>(now);
            String description;
            if (now.contains(code)) {
                changed.remove(code);
                if (jurisdictions) {
                    changed.removeIf(other -> ruleset.declarations().isWithin(other, code));
                }
                description = field.getName() + " without " + code;
            } else {
                changed.add(code);
                description = field.getName() + " with " + code;
            }
            UseCase changedInput = ruleset.declarations().understood(
                    jurisdictions ? input.withJurisdictions(List.copyOf(changed)) : with(input, field, Set.copyOf(changed)));
            if (!Objects.equals(value(changedInput, field), value(input, field))) {
                tryInput(decider, field.getName(), List.copyOf(changed), List.copyOf(new TreeSet<>(now)), changedInput,
                        description + " (now " + (now.isEmpty() ? "none" : String.join(", ", new TreeSet<>(now))) + ")");
            }
        }
    }

    /**
     * A number moved up and down to where the rules compare it ({@link Breakpoints}): the first value
     * in each direction that gives another outcome, narrowed down to the nearest one that still does.
     */
    private void numbers(DecisionEngine.Decider decider, RecordComponent field) {
        double now = ((Number) value(input, field)).doubleValue();
        boolean whole = field.getType() == Long.class;
        double step = whole ? 1 : DOUBLE_STEP;
        double lowest = field.getAccessor().isAnnotationPresent(Positive.class) || field.isAnnotationPresent(Positive.class) ? step : 0;
        NavigableSet<Double> up = new TreeSet<>();
        NavigableSet<Double> down = new TreeSet<>();
        // Moving up, a comparison with b turns at b (>=, <) or one step past it (>, <=); moving down, one step below b
        // (>=, <) or at b (>, <=); a value compared for equality, or within a compound the breakpoints cannot evaluate,
        // is probed on both sides. Past such a compound's turning point lie twice or half its thresholds, or twice or
        // half the value itself, and narrowing down then finds it.
        for (Breakpoints.Breakpoint breakpoint : Breakpoints.of(ruleset).near(field.getName())) {
            double b = breakpoint.value();
            if (breakpoint.turns().contains(Breakpoints.Turn.BELOW)) {
                up.add(b);
                down.add(b - step);
            }
            if (breakpoint.turns().contains(Breakpoints.Turn.ABOVE)) {
                up.add(b + step);
                down.add(b);
            }
            if (!breakpoint.exact()) {
                up.add(b * 2);
                down.add(b / 2);
            }
        }
        for (int doubling = 1; doubling <= LADDER_STEPS; doubling++) {
            up.add(Math.max(now, step) * Math.pow(2, doubling));
            down.add(now / Math.pow(2, doubling));
        }
        down.add(lowest);
        direction(decider, field, now, values(up, now, lowest, whole).tailSet(now, false), step, whole);
        direction(decider, field, now, values(down, now, lowest, whole).headSet(now, false).descendingSet(), step, whole);
    }

    /** The probes as values of the field: whole numbers or tenths, none below its lowest. */
    private static NavigableSet<Double> values(NavigableSet<Double> probes, double now, double lowest, boolean whole) {
        NavigableSet<Double> values = new TreeSet<>();
        for (double probe : probes) {
            double value = whole ? Math.rint(probe) : round(probe);
            if (value >= lowest && value != now) {
                values.add(value);
            }
        }
        return values;
    }

    private void direction(DecisionEngine.Decider decider, RecordComponent field, double now, NavigableSet<Double> probes, double step,
            boolean whole) {
        Map<Target, Double> unchanged = new LinkedHashMap<>(Map.of(Target.APPROACH, now, Target.VERDICT, now));
        for (double probe : probes) {
            if (unchanged.isEmpty()) {
                return;
            }
            DecisionOutcome decided = decide(decider, with(input, field, number(probe, whole)));
            for (Target target : List.copyOf(unchanged.keySet())) {
                if (decided != null && target.changed(decision, decided)) {
                    double nearest = narrow(decider, field, target, unchanged.get(target), probe, step, whole);
                    record(target, field, number(nearest, whole), decideFor(decider, field, nearest, whole, target),
                            describe(field, text(nearest, whole), text(now, whole)));
                    unchanged.remove(target);
                } else if (decided != null) {
                    unchanged.put(target, probe);
                }
            }
        }
    }

    /**
     * Halves the gap between a value that keeps the outcome and one that changes it until they are a step apart. A
     * step back from the value that changes it comes first: probes lie where comparisons turn, so that is mostly all.
     */
    private double narrow(DecisionEngine.Decider decider, RecordComponent field, Target target, double keeps, double changes, double step,
            boolean whole) {
        if (Math.abs(changes - keeps) > step + 1e-9) {
            double stepBack = changes + (keeps > changes ? step : -step);
            stepBack = whole ? Math.rint(stepBack) : round(stepBack);
            DecisionOutcome decided = decide(decider, with(input, field, number(stepBack, whole)));
            if (decided == null || !target.changed(decision, decided)) {
                return changes;
            }
            changes = stepBack;
        }
        while (Math.abs(changes - keeps) > step + 1e-9) {
            double middle = whole ? Math.rint((keeps + changes) / 2) : round((keeps + changes) / 2);
            if (middle == keeps || middle == changes) {
                break;
            }
            DecisionOutcome decided = decide(decider, with(input, field, number(middle, whole)));
            if (decided != null && target.changed(decision, decided)) {
                changes = middle;
            } else {
                keeps = middle;
            }
        }
        return changes;
    }

    private String decideFor(DecisionEngine.Decider decider, RecordComponent field, double value, boolean whole, Target target) {
        DecisionOutcome decided = decide(decider, with(input, field, number(value, whole)));
        return decided == null ? null : target.outcome(decided);
    }

    private void tryValue(DecisionEngine.Decider decider, RecordComponent field, Object value, String description) {
        tryInput(decider, field.getName(), value, value(input, field), with(input, field, value), description);
    }

    private void tryInput(DecisionEngine.Decider decider, String field, Object value, Object was, UseCase changed,
            String description) {
        DecisionOutcome decided = decide(decider, changed);
        if (decided == null) {
            return;
        }
        for (Target target : Target.values()) {
            if (target.changed(decision, decided)) {
                String key = field + " " + target.outcome(decided);
                Map<String, Counterfactual> found = target == Target.APPROACH ? approach : verdict;
                found.putIfAbsent(key, new Counterfactual(field, value, was, target.outcome(decided),
                        description + ": " + target.name().toLowerCase() + " " + target.outcome(decided)));
            }
        }
    }

    private void record(Target target, RecordComponent field, Object value, String outcome, String description) {
        if (outcome == null) {
            return;
        }
        Map<String, Counterfactual> found = target == Target.APPROACH ? approach : verdict;
        found.putIfAbsent(field.getName() + " " + value, new Counterfactual(field.getName(), value, value(input, field), outcome,
                description + ": " + target.name().toLowerCase() + " " + outcome));
    }

    /** What a changed input comes to; null when the rules fail on it (that is no outcome to show). Each input is decided once. */
    private DecisionOutcome decide(DecisionEngine.Decider decider, UseCase changed) {
        Optional<DecisionOutcome> known = outcomes.get(changed);
        if (known != null) {
            return known.orElse(null);
        }
        if (evaluations >= budget.evaluations()) {
            throw new BudgetSpent();
        }
        evaluations++;
        DecisionOutcome outcome;
        try {
            outcome = decider.decide(changed);
        } catch (DecisionEngine.OutOfTimeException e) {
            throw new BudgetSpent();
        } catch (RuntimeException e) {
            outcome = null;
        }
        outcomes.put(changed, Optional.ofNullable(outcome));
        return outcome;
    }

    private enum Target {
        APPROACH(decision -> decision.approach().name()),
        VERDICT(decision -> decision.verdict().name());

        private final Function<DecisionOutcome, String> outcome;

        Target(Function<DecisionOutcome, String> outcome) {
            this.outcome = outcome;
        }

        String outcome(DecisionOutcome decision) {
            return outcome.apply(decision);
        }

        boolean changed(DecisionOutcome original, DecisionOutcome changed) {
            return !outcome(original).equals(outcome(changed));
        }
    }

    private static String describe(RecordComponent field, Object value, Object was) {
        return field.getName() + " " + value + " instead of " + was;
    }

    private static Object number(double value, boolean whole) {
        return whole ? (Object) (long) value : (Object) value;
    }

    private static String text(double value, boolean whole) {
        return whole ? String.valueOf((long) value) : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.CEILING).doubleValue();
    }

    private static Object value(UseCase useCase, RecordComponent field) {
        try {
            return field.getAccessor().invoke(useCase);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + field.getName(), e);
        }
    }

    /**
     * The input with a counterfactual's change made, its value read as the field's type: read back
     * from the audit trail, a count is whatever number JSON gave and a set of codes a list. Replaying
     * a recorded evaluation decides it again to see that it still gives its outcome.
     *
     * @throws IllegalArgumentException when the use case has no such field or the value does not fit it
     */
    public static UseCase applied(UseCase input, Counterfactual counterfactual) {
        if (counterfactual.field().startsWith(ANSWERS)) {
            Map<String, Object> answers = new HashMap<>(input.answers());
            answers.put(counterfactual.field().substring(ANSWERS.length()), counterfactual.value());
            return input.withAnswers(answers);
        }
        RecordComponent field = Arrays.stream(FIELDS).filter(component -> component.getName().equals(counterfactual.field()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("a use case has no field " + counterfactual.field()));
        Class<?> type = field.getType();
        Object value = counterfactual.value();
        if (field.getName().equals("jurisdictions") && value instanceof Collection<?> codes) {
            return input.withJurisdictions(codes.stream().map(String::valueOf).toList());
        }
        Object typed;
        if (type == Long.class && value instanceof Number number) {
            typed = number.longValue();
        } else if (type == Double.class && value instanceof Number number) {
            typed = number.doubleValue();
        } else if (type.isEnum() && value != null) {
            typed = enumConstant(type, value.toString());
        } else if (Set.class.isAssignableFrom(type) && value instanceof Collection<?> codes) {
            typed = Set.copyOf(codes.stream().map(String::valueOf).toList());
        } else if (type.isInstance(value)) {
            typed = value;
        } else {
            throw new IllegalArgumentException(counterfactual.field() + " cannot be " + value);
        }
        return with(input, field, typed);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }

    /** The use case with one field changed (the record's own constructor then normalises it as it does any request). */
    static UseCase with(UseCase useCase, RecordComponent field, Object value) {
        Object[] values = new Object[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            values[i] = FIELDS[i].equals(field) ? value : value(useCase, FIELDS[i]);
        }
        try {
            return CONSTRUCTOR.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a use case", e);
        }
    }

    private static Constructor<UseCase> canonicalConstructor() {
        try {
            return UseCase.class.getDeclaredConstructor(Arrays.stream(FIELDS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record has its canonical constructor", e);
        }
    }
}
