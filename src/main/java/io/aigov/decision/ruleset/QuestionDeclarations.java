package io.aigov.decision.ruleset;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import io.aigov.decision.model.Question;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.ThresholdsParser.Located;

/**
 * The questions a ruleset's packs declare ({@code question.<id>.<attribute>} keys, each checked on
 * its own by {@link ThresholdsParser#valueProblem}), checked together: a type and a label, choices
 * for a choice and a label for each, a default that is a valid answer, and a condition on a field
 * or a question that exists, with values it can have, and no question asked only when it is.
 */
final class QuestionDeclarations {

    private final Map<String, Map<String, Located>> declared;
    private final Map<String, Map<String, Map<String, Located>>> codes;
    private final List<RuleProblem> problems;

    private QuestionDeclarations(Map<String, Map<String, Located>> declared, Map<String, Map<String, Map<String, Located>>> codes,
            List<RuleProblem> problems) {
        this.declared = declared;
        this.codes = codes;
        this.problems = problems;
    }

    /**
     * @param declared each question's attributes by id, as read
     * @param codes    the ruleset's other declarations (jurisdictions and capabilities), for conditions on them
     * @return the questions that are whole, by pack and then in the order each pack writes them
     */
    static List<Question> of(Map<String, Map<String, Located>> declared, Map<String, Map<String, Map<String, Located>>> codes,
            List<RuleProblem> problems) {
        return new QuestionDeclarations(declared, codes, problems).questions();
    }

    private List<Question> questions() {
        Map<String, Question.Type> types = new HashMap<>();
        declared.forEach((id, attributes) -> {
            Located type = attributes.get("type");
            if (type != null) {
                Question.Type.ofCode(type.value()).ifPresent(known -> types.put(id, known));
            }
        });
        List<Question> questions = new ArrayList<>();
        declared.forEach((id, attributes) -> question(id, attributes, types).ifPresent(questions::add));
        Map<String, Question> byId = new HashMap<>();
        questions.forEach(question -> byId.put(question.id(), question));
        for (Question question : List.copyOf(questions)) {
            if (circular(question, byId)) {
                problems.add(declared.get(question.id()).get("askedWhen").problem("question " + question.id()
                        + " is asked only when it is asked: its askedWhen conditions go round in a circle"));
                questions.remove(question);
            }
        }
        questions.sort(Comparator.comparing(Question::pack).thenComparingInt(question -> firstLine(declared.get(question.id()))));
        return questions;
    }

    private Optional<Question> question(String id, Map<String, Located> attributes, Map<String, Question.Type> types) {
        int before = problems.size();
        Located any = attributes.values().iterator().next();
        String prefix = "question." + id + ".";
        Located type = attributes.get("type");
        Located label = attributes.get("label");
        if (type == null || label == null) {
            problems.add(any.problem(prefix + (type == null ? "type" : "label") + " is missing: a question needs it"));
            return Optional.empty();
        }
        Question.Type kind = types.get(id);
        Map<String, String> choices = new LinkedHashMap<>();
        Located declaredChoices = attributes.get("choices");
        if (kind.isChoice() != (declaredChoices != null)) {
            problems.add((declaredChoices == null ? type : declaredChoices).problem(kind.isChoice()
                    ? prefix + "choices is missing: a " + kind.code() + " question lists its choices"
                    : prefix + "choices is only for one-choice and several-choices questions"));
        } else if (declaredChoices != null) {
            for (String code : declaredChoices.value().split("\\s*,\\s*")) {
                Located choiceLabel = attributes.get("choice." + code);
                if (choiceLabel == null) {
                    problems.add(declaredChoices.problem(prefix + "choice." + code + " is missing: each choice has a label"));
                } else if (choices.put(code, choiceLabel.value()) != null) {
                    problems.add(declaredChoices.problem(prefix + "choices names " + code + " twice"));
                }
            }
        }
        attributes.forEach((attribute, located) -> {
            if (attribute.startsWith("choice.") && (declaredChoices == null || !Arrays.asList(declaredChoices.value()
                    .split("\\s*,\\s*")).contains(attribute.substring("choice.".length())))) {
                problems.add(located.problem(located.key() + " labels a choice that " + prefix + "choices does not list"));
            }
        });
        Located unit = attributes.get("unit");
        if (unit != null && !kind.isNumber()) {
            problems.add(unit.problem(prefix + "unit is only for whole-number and decimal questions"));
        }
        Located maxLength = attributes.get("maxLength");
        if (maxLength != null && kind != Question.Type.TEXT) {
            problems.add(maxLength.problem(prefix + "maxLength is only for text questions"));
        }
        Located help = attributes.get("help");
        Located required = attributes.get("required");
        Question.AskedWhen askedWhen = askedWhen(attributes.get("askedWhen"), types);
        Question shape = new Question(id, type.pack(), packTitle(type.pack()), kind, label.value(), help == null ? null : help.value(), choices,
                unit == null ? null : unit.value(), required != null && required.value().equals("true"),
                maxLength == null ? Question.DEFAULT_TEXT_LENGTH : Integer.parseInt(maxLength.value()), askedWhen, null);
        Object fallback = fallback(shape, attributes.get("default"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Question(shape.id(), shape.pack(), shape.packTitle(), shape.type(), shape.label(), shape.help(), shape.choices(),
                shape.unit(), shape.required(), shape.maxLength(), shape.askedWhen(), fallback));
    }

    /** The title of the first regime the pack's file declares; the file's name when it declares none. */
    private String packTitle(String pack) {
        return codes.getOrDefault("regime", Map.of()).values().stream().map(attributes -> attributes.get("title"))
                .filter(title -> title != null && title.pack().equals(pack)).min(Comparator.comparingInt(Located::line))
                .map(Located::value).orElse(pack);
    }

    /** A default as the answer it stands for: yes or no, codes separated by commas, a number, a date, text. */
    private Object fallback(Question question, Located declared) {
        if (declared == null) {
            return null;
        }
        String value = declared.value();
        Object answer = switch (question.type()) {
            case YES_NO -> value.equals("yes") ? Boolean.TRUE : value.equals("no") ? Boolean.FALSE : value;
            case SEVERAL_CHOICES -> List.of(value.split("\\s*,\\s*"));
            case WHOLE_NUMBER, DECIMAL -> number(value);
            default -> value;
        };
        Optional<String> problem = question.type() == Question.Type.YES_NO && answer instanceof String
                ? Optional.of("must be yes or no") : question.problemWith(answer);
        if (problem.isPresent()) {
            problems.add(declared.problem(declared.key() + " = " + RecordableText.quoted(value) + " " + problem.get()));
            return null;
        }
        return question.normalised(answer);
    }

    private static Object number(String value) {
        try {
            return value.matches("-?\\d{1,16}") ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** What a question's askedWhen says, once each condition's subject and values are known to exist; null when it has none or a problem. */
    private Question.AskedWhen askedWhen(Located declared, Map<String, Question.Type> types) {
        if (declared == null) {
            return null;
        }
        List<Question.Condition> conditions = new ArrayList<>();
        for (String clause : ThresholdsParser.AND.split(declared.value())) {
            Question.Condition condition = condition(declared, clause, types);
            if (condition == null) {
                return null;
            }
            conditions.add(condition);
        }
        return new Question.AskedWhen(conditions);
    }

    private Question.Condition condition(Located declared, String clause, Map<String, Question.Type> types) {
        Matcher parts = ThresholdsParser.ASKED_WHEN.matcher(clause);
        if (!parts.matches()) {
            return null;
        }
        String subject = parts.group(1);
        boolean has = parts.group(2).equals("has");
        List<String> values = List.of(parts.group(3).strip().split("\\s*,\\s*"));
        Collection<String> possible;
        boolean collection;
        Optional<RecordComponent> field = Arrays.stream(UseCase.class.getRecordComponents())
                .filter(component -> component.getName().equals(subject)).findFirst();
        if (subject.equals("jurisdictions") || subject.equals("capabilities")) {
            possible = codes.getOrDefault(subject.equals("jurisdictions") ? "jurisdiction" : "capability", Map.of()).keySet();
            collection = true;
        } else if (field.isPresent() && field.get().getType().isEnum()) {
            possible = Arrays.stream(field.get().getType().getEnumConstants()).map(constant -> ((Enum<?>) constant).name()).toList();
            collection = false;
        } else if (field.isPresent() && field.get().getType() == Boolean.class) {
            possible = List.of("yes", "no");
            collection = false;
        } else if (types.containsKey(subject)) {
            Question.Type type = types.get(subject);
            Located choices = this.declared.get(subject).get("choices");
            possible = type == Question.Type.YES_NO ? List.of("yes", "no")
                    : type.isChoice() && choices != null ? List.of(choices.value().split("\\s*,\\s*")) : List.of();
            collection = type == Question.Type.SEVERAL_CHOICES;
            if (possible.isEmpty()) {
                problems.add(declared.problem(declared.key() + " names question " + subject + ", which is " + type.code()
                        + ": a question can be asked depending on a yes-no or choice question only"));
                return null;
            }
        } else {
            problems.add(declared.problem(declared.key() + " names " + RecordableText.quoted(subject) + ", which is neither"
                    + " jurisdictions, capabilities, a yes-no or choice field of the use case, nor another declared question"));
            return null;
        }
        if (has != collection) {
            problems.add(declared.problem(declared.key() + " must read '" + subject + (collection ? " has" : " is") + " ...': "
                    + subject + (collection ? " holds several values" : " has one value")));
            return null;
        }
        List<String> unknown = values.stream().filter(value -> !possible.contains(value)).toList();
        if (!unknown.isEmpty()) {
            problems.add(declared.problem(declared.key() + " names " + String.join(", ", unknown) + ", which " + subject
                    + " cannot hold; it holds " + String.join(", ", new TreeSet<>(possible))));
            return null;
        }
        return new Question.Condition(subject, has, values);
    }

    /** Whether the question is asked only when it is: its conditions lead back to it through other questions. */
    private static boolean circular(Question question, Map<String, Question> byId) {
        Set<String> seen = new HashSet<>();
        List<Question> next = new ArrayList<>(List.of(question));
        while (!next.isEmpty()) {
            Question at = next.remove(next.size() - 1);
            if (at.askedWhen() == null) {
                continue;
            }
            for (String subject : at.askedWhen().subjects()) {
                if (subject.equals(question.id())) {
                    return true;
                }
                if (byId.containsKey(subject) && seen.add(subject)) {
                    next.add(byId.get(subject));
                }
            }
        }
        return false;
    }

    private static int firstLine(Map<String, Located> attributes) {
        return attributes.values().stream().mapToInt(Located::line).filter(line -> line > 0).min().orElse(0);
    }
}
