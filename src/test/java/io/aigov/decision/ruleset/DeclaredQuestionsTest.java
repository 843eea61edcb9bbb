package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.safety.RuleSafetyCheck;

/** Questions a pack declares next to its rules: how they are declared, answered, checked and read by rules. */
class DeclaredQuestionsTest {

    private static final List<RuleFile> RULES = RulesetSource.fromDirectory(Path.of("rules"));
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));
    private static final LocalDate DAY = LocalDate.of(2027, 3, 1);

    static final String PACK_DECLARATIONS = """
            # A pack asking about works councils and the people decided about
            jurisdiction.DE.title = Germany
            jurisdiction.DE.within = EU
            regime.WORKS.title = Works Constitution Act
            regime.WORKS.levels = HIGH
            question.works-council.type = yes-no
            question.works-council.label = Is there a works council?
            question.works-council.help = Works Constitution Act, section 87(1) no. 6.
            question.works-council.askedWhen = jurisdictions has DE
            question.decision-area.type = one-choice
            question.decision-area.label = What are the decisions about?
            question.decision-area.choices = HIRING, PROMOTION
            question.decision-area.choice.HIRING = Hiring
            question.decision-area.choice.PROMOTION = Promotion
            question.decision-area.required = true
            question.decision-area.askedWhen = domain is EMPLOYMENT
            question.data-used.type = several-choices
            question.data-used.label = Which data does it use?
            question.data-used.choices = ZIP_CODE, CV
            question.data-used.choice.ZIP_CODE = Zip codes
            question.data-used.choice.CV = CVs
            question.headcount.type = whole-number
            question.headcount.label = Employees affected
            question.headcount.unit = employees
            question.in-use-since.type = date
            question.in-use-since.label = In use since
            question.note.type = text
            question.note.label = Anything else?
            question.note.maxLength = 50
            question.review.type = yes-no
            question.review.label = Reviewed by a person?
            question.review.default = yes
            question.council-size.type = whole-number
            question.council-size.label = Members of the works council
            question.council-size.askedWhen = works-council is yes and domain is EMPLOYMENT, HEALTHCARE
            """;

    static final String PACK_RULES = """
            package aigov.regulation.works;

            import io.aigov.decision.model.Answers;
            import io.aigov.decision.model.Assessment;
            import io.aigov.decision.model.ExposureLevel;

            rule "works-council-consulted"
            when
                $a : Assessment()
                Answers( yes("works-council") )
            then
                $a.warn("Consult the works council before use (BetrVG 87(1) no. 6).");
            end

            rule "zip-codes-in-hiring"
            when
                $a : Assessment()
                Answers( chose("decision-area", "HIRING"), chose("data-used", "ZIP_CODE") )
            then
                modify($a) { expose("WORKS", ExposureLevel.HIGH, "Zip codes can stand in for a protected class in hiring.") }
            end

            rule "many-employees"
            when
                $a : Assessment()
                $answers : Answers( answered("headcount"), wholeNumber("headcount") >= 500 )
            then
                $a.warn(String.format("%d employees are affected.", $answers.wholeNumber("headcount")));
            end

            rule "no-review"
            when
                $a : Assessment()
                Answers( !yes("review") )
            then
                $a.warn("Nobody reviews the output.");
            end
            """;

    private static List<RuleFile> withPack(String declarations, String rules) {
        List<RuleFile> files = new ArrayList<>(RULES);
        files.add(new RuleFile("works-council.properties", declarations));
        files.add(new RuleFile("works-council.drl", rules));
        return files;
    }

    private static final io.aigov.decision.ruleset.Ruleset PACKED = RulesetCompiler.compile(withPack(PACK_DECLARATIONS, PACK_RULES), "test");

    private static UseCase useCase(Domain domain, List<String> jurisdictions, Map<String, Object> answers) {
        return new UseCase("Shortlisting", null, 1000L, Consistency.MODERATE, 300L, 6.0, 8.0, 2000L, Vocabulary.STANDARD, null, null,
                domain, null, true, null, Set.of(), null, null, jurisdictions, answers);
    }

    @Test
    void aPackDeclaresItsQuestionsInTheOrderItWritesThem() {
        List<Question> questions = PACKED.declarations().questions().stream().filter(question -> question.pack().equals("works-council"))
                .toList();
        assertEquals(List.of("works-council", "decision-area", "data-used", "headcount", "in-use-since", "note", "review", "council-size"),
                questions.stream().map(Question::id).toList());
        Question area = questions.get(1);
        assertEquals("works-council", area.pack());
        assertEquals("Works Constitution Act", area.packTitle(), "the title of the regime its file declares");
        assertEquals(Question.Type.ONE_CHOICE, area.type());
        assertEquals(Map.of("HIRING", "Hiring", "PROMOTION", "Promotion"), area.choices());
        assertTrue(area.required());
        assertEquals("domain is EMPLOYMENT", area.askedWhen().toString());
        assertEquals("employees", questions.get(3).unit());
        assertEquals(50, questions.get(5).maxLength());
        assertEquals(Boolean.TRUE, questions.get(6).fallback());
    }

    @Test
    void aQuestionIsAskedWhenEveryConditionOfItHolds() {
        Declarations declared = PACKED.declarations();
        assertEquals("works-council is yes and domain is EMPLOYMENT, HEALTHCARE", declared.question("council-size").orElseThrow().askedWhen().toString());
        UseCase employment = declared.understood(useCase(Domain.EMPLOYMENT, List.of("DE"), Map.of()));
        assertTrue(declared.asked(employment, Map.of("works-council", true)).contains("council-size"));
        assertFalse(declared.asked(employment, Map.of("works-council", false)).contains("council-size"));
        UseCase general = declared.understood(useCase(Domain.GENERAL, List.of("DE"), Map.of()));
        assertFalse(declared.asked(general, Map.of("works-council", true)).contains("council-size"));
        assertFalse(declared.asked(declared.understood(useCase(Domain.EMPLOYMENT, List.of("US"), Map.of())), Map.of()).contains("works-council"));
    }

    @Test
    void rulesReadTheAnswersThroughTheAnswersFact() {
        Decision decided = DecisionEngine.evaluate(PACKED, PACKED.declarations().understood(useCase(Domain.EMPLOYMENT, List.of("DE"),
                Map.of("works-council", true, "decision-area", "HIRING", "data-used", List.of("ZIP_CODE"), "headcount", 800,
                        "review", false))), DAY, LIMITS);
        assertTrue(fired(decided).containsAll(List.of("works-council-consulted", "zip-codes-in-hiring", "many-employees", "no-review")),
                fired(decided).toString());
        assertTrue(decided.warnings().contains("800 employees are affected."), decided.warnings().toString());

        Decision unanswered = DecisionEngine.evaluate(PACKED, useCase(Domain.GENERAL, List.of("DE"), Map.of()), DAY, LIMITS);
        assertTrue(fired(unanswered).stream().noneMatch(name -> List.of("works-council-consulted", "zip-codes-in-hiring",
                "many-employees", "no-review").contains(name)), "a default of yes and no answers fire nothing: " + fired(unanswered));
    }

    @Test
    void theWhyNotSearchVariesTheAnswersAndItsFindingsReplay() {
        // Only assisting people who decide (not influencing decisions about people): no EU AI Act high risk of its own.
        UseCase hiring = PACKED.declarations().understood(new UseCase("Job ad wording", null, 1000L, Consistency.MODERATE, 300L, 6.0,
                8.0, 2000L, Vocabulary.STANDARD, null, null, Domain.EMPLOYMENT, null, false, null, Set.of(), null, null, List.of("DE"),
                Map.of("works-council", false, "decision-area", "HIRING", "data-used", List.of("CV"))));
        Decision decided = DecisionEngine.evaluate(PACKED, hiring, DAY, LIMITS);
        Counterfactuals found = CounterfactualSearch.search(PACKED, hiring, decided, DAY, LIMITS,
                new CounterfactualSearch.Budget(500, Duration.ofSeconds(30)));
        Counterfactuals.Counterfactual zipCodes = found.verdict().stream().filter(c -> c.field().equals("answers.data-used"))
                .findFirst().orElseThrow(() -> new AssertionError(found.toString()));
        assertEquals(List.of("CV", "ZIP_CODE"), zipCodes.value());
        assertEquals(List.of("CV"), zipCodes.was());
        assertEquals("BOARD_REVIEW", zipCodes.outcome());
        assertTrue(zipCodes.description().startsWith("answers.data-used with ZIP_CODE (now CV)"), zipCodes.description());
        assertEquals("ALLOWED", decided.verdict().name(), "the answer is what tips it");
        Decision replayed = DecisionEngine.evaluate(PACKED, CounterfactualSearch.applied(hiring, zipCodes), DAY, LIMITS);
        assertEquals("BOARD_REVIEW", replayed.verdict().name());
    }

    @Test
    void answersAreValidatedAgainstTheDeclarationsAndNameTheQuestion() {
        Map<String, String> problems = PACKED.declarations().problemsWith(useCase(Domain.EMPLOYMENT, List.of("US"), Map.of(
                "no-such-question", true, "works-council", true, "data-used", List.of("ZIP_CODE", "SHOE_SIZE"), "headcount", "many",
                "in-use-since", "last spring")));
        assertTrue(problems.get("answers.no-such-question").contains("is not a question the active rules ask"), problems.toString());
        assertTrue(problems.get("answers.works-council").contains("is asked only when jurisdictions has DE"), problems.toString());
        assertTrue(problems.get("answers.data-used").contains("'SHOE_SIZE' is not one of its choices: ZIP_CODE, CV"), problems.toString());
        assertTrue(problems.get("answers.headcount").contains("must be a whole number"), problems.toString());
        assertTrue(problems.get("answers.in-use-since").contains("must be a date"), problems.toString());
        assertTrue(problems.get("answers.decision-area").contains("is required: What are the decisions about?"), problems.toString());

        Map<String, String> text = PACKED.declarations().problemsWith(useCase(Domain.GENERAL, List.of(), Map.of("note", "bell\u0007")));
        assertTrue(text.get("answers.note").contains("U+0007 (a control character)"), text.toString());
        Map<String, String> tooLong = PACKED.declarations().problemsWith(useCase(Domain.GENERAL, List.of(), Map.of("note", "x".repeat(100_000))));
        assertEquals(Map.of("answers.note", "must be at most 50 characters"), tooLong);
        Map<String, String> wrongType = PACKED.declarations().problemsWith(useCase(Domain.GENERAL, List.of("DE"), Map.of("works-council", "yes")));
        assertEquals(Map.of("answers.works-council", "must be true or false"), wrongType);
        Map<String, String> oddId = PACKED.declarations().problemsWith(useCase(Domain.GENERAL, List.of(), Map.of("Bad\nId", 1)));
        assertTrue(oddId.get("answers").startsWith("'Bad\\u000AId' is not a question"), oddId.toString());

        assertEquals(Map.of(), PACKED.declarations().problemsWith(useCase(Domain.EMPLOYMENT, List.of("DE"),
                Map.of("works-council", false, "decision-area", "PROMOTION", "headcount", 12.0, "in-use-since", "2026-05-01"))));
    }

    @Test
    void answersAreKeptAsTheirQuestionsReadThem() {
        Map<String, Object> given = new HashMap<>();
        given.put("data-used", List.of("ZIP_CODE", "CV", "CV"));
        given.put("headcount", 12.0);
        given.put("note", null);
        UseCase understood = PACKED.declarations().understood(useCase(Domain.GENERAL, List.of("DE"), given));
        assertEquals(Map.of("data-used", List.of("CV", "ZIP_CODE"), "headcount", 12L), understood.answers());
        assertEquals(List.of("DE", "EU"), understood.jurisdictions());
    }

    @Test
    void aRuleNamingAnUndeclaredQuestionOrReadingItAsAnotherTypeIsAFindingWithItsLine() {
        String rules = PACK_RULES + """

                rule "unknown-question"
                when
                    $a : Assessment()
                    Answers( yes("works-councel") )
                then
                    $a.warn("typo");
                end

                rule "misread-question"
                when
                    $a : Assessment()
                    $answers : Answers()
                then
                    $a.warn($answers.text("headcount"));
                end

                rule "question-not-written-out"
                when
                    $a : Assessment()
                    $answers : Answers()
                then
                    $a.warn("" + $answers.yes("works-" + "council"));
                end

                rule "undeclared-choice"
                when
                    $a : Assessment()
                    Answers( chose("decision-area", "FIRING") )
                then
                    $a.warn("fired");
                end
                """;
        List<RuleFile> files = withPack(PACK_DECLARATIONS, rules);
        List<RuleProblem> findings = RuleSafetyCheck.check(files, RulesetCompiler.declarationsOf(files));
        assertEquals(4, findings.size(), findings.toString());
        assertFinding(findings, rules, "Answers( yes(\"works-councel\") )", "question 'works-councel' is not declared");
        assertFinding(findings, rules, "$a.warn($answers.text(\"headcount\"));", "question headcount is whole-number: Answers.text cannot read it");
        assertFinding(findings, rules, "$a.warn(\"\" + $answers.yes(\"works-\" + \"council\"));", "names its question as text written in the rule");
        assertFinding(findings, rules, "Answers( chose(\"decision-area\", \"FIRING\") )", "has no choice 'FIRING'");
        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        assertEquals(4, refused.problems().size());
    }

    private static void assertFinding(List<RuleProblem> findings, String rules, String line, String message) {
        int expected = (int) rules.substring(0, rules.indexOf(line)).chars().filter(c -> c == '\n').count() + 1;
        assertTrue(findings.stream().anyMatch(finding -> finding.file().equals("works-council.drl") && finding.line() == expected
                && finding.message().contains(message)), "expected '" + message + "' on line " + expected + " in " + findings);
    }

    @Test
    void declarationsThatDoNotHoldTogetherAreRefusedWithTheirLines() {
        String broken = PACK_DECLARATIONS
                .replace("question.headcount.type = whole-number", "question.headcount.type = integer")
                .replace("question.decision-area.choice.PROMOTION = Promotion\n", "")
                .replace("question.works-council.askedWhen = jurisdictions has DE", "question.works-council.askedWhen = jurisdictions has XX")
                .replace("question.note.maxLength = 50", "question.note.maxLength = 50\nquestion.note.unit = words")
                .replace("question.review.default = yes", "question.review.default = maybe")
                + "question.a.type = yes-no\nquestion.a.label = A?\nquestion.a.askedWhen = b is yes\n"
                + "question.b.type = yes-no\nquestion.b.label = B?\nquestion.b.askedWhen = a is yes\n"
                + "question.Bad.type = yes-no\n";
        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class,
                () -> RulesetCompiler.compile(withPack(broken, "package aigov.regulation.works;\n"), "test"));
        List<String> messages = refused.problems().stream().map(problem -> problem.file() + ":" + (problem.line() > 0) + " "
                + problem.message()).toList();
        for (String expected : List.of("question.headcount.type = 'integer' is not a question type",
                "question.decision-area.choice.PROMOTION is missing", "names XX, which jurisdictions cannot hold",
                "question.note.unit is only for whole-number and decimal questions", "question.review.default = 'maybe' must be yes or no",
                "its askedWhen conditions go round in a circle", "declares a question whose id is not lower-case")) {
            assertTrue(messages.stream().anyMatch(message -> message.startsWith("works-council.properties:true")
                    && message.contains(expected)), "expected '" + expected + "' in " + messages);
        }
    }

    @Test
    void aUseCaseWithoutAnswersReadsAsItAlwaysHas() throws Exception {
        UseCase without = useCase(Domain.GENERAL, List.of(), null);
        assertEquals(Map.of(), without.answers());
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(without);
        assertFalse(json.contains("answers"), json);
    }

    private static List<String> fired(Decision decision) {
        return decision.firedRules().stream().map(FiredRule::name).toList();
    }
}
