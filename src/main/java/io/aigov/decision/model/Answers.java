package io.aigov.decision.model;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/**
 * The answers a use case gave to the questions its ruleset's packs declare ({@link Question}), as
 * a fact rules match: {@code Answers( yes("consequential-decision") )}, {@code Answers(
 * chose("decision-area", "HOUSING") )}. Each accessor reads a question of its own type; the safety
 * check refuses a rule that names a question not declared or reads it as another type, so the
 * exceptions here are for rules that escaped it.
 *
 * <p>An unanswered question reads as its declared default; without one, a yes-no question reads no,
 * a choice none and a text empty, while a number or date has no value to give: a rule reads it after
 * {@code answered(...)}.
 */
public final class Answers {

    private final Map<String, Object> given;
    private final Declarations declarations;

    public Answers(Map<String, Object> given, Declarations declarations) {
        this.given = given;
        this.declarations = declarations;
    }

    /** Whether the use case answered the question itself (a default is no answer). */
    public boolean answered(String id) {
        question(id, null);
        return given.containsKey(id);
    }

    public boolean yes(String id) {
        return Boolean.TRUE.equals(value(question(id, Question.Type.YES_NO)));
    }

    /** The choice made, or "" when none was. */
    public String choice(String id) {
        Object chosen = value(question(id, Question.Type.ONE_CHOICE));
        return chosen == null ? "" : (String) chosen;
    }

    /** Whether this choice was made, for a question of one or of several choices. */
    public boolean chose(String id, String choice) {
        Question question = question(id, null);
        if (!question.type().isChoice()) {
            throw new RuleContractException("question " + RecordableText.quoted(id) + " is " + question.type().code() + ", not a choice");
        }
        if (!question.choices().containsKey(choice)) {
            throw new RuleContractException("question " + RecordableText.quoted(id) + " has no choice " + RecordableText.quoted(choice));
        }
        Object chosen = value(question);
        return chosen instanceof Collection<?> codes ? codes.contains(choice) : choice.equals(chosen);
    }

    public long wholeNumber(String id) {
        return ((Number) required(question(id, Question.Type.WHOLE_NUMBER))).longValue();
    }

    public double decimal(String id) {
        return ((Number) required(question(id, Question.Type.DECIMAL))).doubleValue();
    }

    public LocalDate date(String id) {
        return LocalDate.parse((String) required(question(id, Question.Type.DATE)));
    }

    /** The text given, or "" when none was. */
    public String text(String id) {
        Object text = value(question(id, Question.Type.TEXT));
        return text == null ? "" : (String) text;
    }

    private Question question(String id, Question.Type type) {
        Question question = declarations.question(id).orElseThrow(
                () -> new RuleContractException("no pack declares the question " + RecordableText.quoted(String.valueOf(id))));
        if (type != null && question.type() != type) {
            throw new RuleContractException("question " + RecordableText.quoted(id) + " is " + question.type().code() + ", not "
                    + type.code());
        }
        return question;
    }

    private Object value(Question question) {
        Object answer = given.get(question.id());
        return answer != null ? answer : question.fallback();
    }

    private Object required(Question question) {
        Object value = value(question);
        if (value == null) {
            throw new RuleContractException("question " + RecordableText.quoted(question.id()) + " was not answered and declares no"
                    + " default: read it after answered(\"" + question.id() + "\")");
        }
        return value;
    }
}
