package io.aigov.ruleset.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A regulation pack that asks a question the service has never heard of, added on a running
 * service as rule authors add any pack (uploaded, checked, approved by a second person): the API
 * then asks it, validates answers to it, the pack's rule reads it, the audit record keeps it, and a
 * replay decides the same. Nothing but rule files changes.
 */
@QuarkusTest
@TestProfile(FourEyesRulesFolder.class)
public class QuestionPackTest {

    public static final String DECLARATIONS = """
            # A works-council pack: asks whether the employer has a works council, for use cases in Germany.
            jurisdiction.DE.title = Germany
            jurisdiction.DE.within = EU
            question.works-council.type = yes-no
            question.works-council.label = Does the employer have a works council in Germany?
            question.works-council.help = Works Constitution Act, section 87(1) no. 6: technical monitoring needs its consent.
            question.works-council.required = true
            question.works-council.askedWhen = jurisdictions has DE
            question.monitored-staff.type = whole-number
            question.monitored-staff.label = How many employees does the system monitor?
            question.monitored-staff.unit = employees
            question.monitored-staff.askedWhen = works-council is yes
            question.council-notes.type = text
            question.council-notes.label = What did the works council say?
            question.council-agreement.type = one-choice
            question.council-agreement.label = Where does the agreement with the works council stand?
            question.council-agreement.choices = SIGNED, NEGOTIATING
            question.council-agreement.choice.SIGNED = Signed
            question.council-agreement.choice.NEGOTIATING = Being negotiated
            question.council-agreement.askedWhen = works-council is yes
            """;

    public static final String RULES = """
            // Works Constitution Act, section 87(1) no. 6: a system able to monitor employees needs the works council's consent.
            package aigov.regulation.works;

            import io.aigov.decision.model.Answers;
            import io.aigov.decision.model.Assessment;
            import io.aigov.decision.model.UseCase;

            rule "works-council-consent"
                salience 100
            when
                $a : Assessment()
                UseCase( inJurisdiction("DE"), influencesDecisionsAboutPeople == true )
                Answers( yes("works-council") )
            then
                $a.warn("Works Constitution Act section 87(1) no. 6: agree the system with the works council before it is used.");
            end
            """;

    static final String EMPLOYMENT_IN_GERMANY = """
            {"name": "Shift planning", "dailyRequestVolume": 2000, "consistency": "MODERATE", "labeledExamples": 300,
             "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2000, "vocabulary": "STANDARD",
             "domain": "EMPLOYMENT", "influencesDecisionsAboutPeople": true, "jurisdictions": ["DE"]%s}""";

    private static String original;

    @BeforeEach
    void noteTheServingVersion() {
        if (original == null) {
            original = FourEyesRulesFolder.servingVersion();
        }
    }

    @AfterEach
    void restoreTheFolderAndItsVersion() {
        FourEyesRulesFolder.restore(original);
        assertEquals(original, FourEyesRulesFolder.servingVersion());
    }

    /** Uploads a file as one rule author and approves it as another, as the four-eyes gate wants. */
    public static void uploadAndApprove(String file, String content) {
        String change = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(content).put("/api/rules/files/" + file)
                .then().statusCode(202).body("outcome", equalTo("PENDING_APPROVAL")).extract().path("change.id");
        as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve")
                .then().statusCode(200).body("status", equalTo("ACTIVATED"));
    }

    static String answering(String answers) {
        return EMPLOYMENT_IN_GERMANY.formatted(answers.isEmpty() ? "" : ", \"answers\": " + answers);
    }

    @Test
    void aPackAddsAQuestionThatIsAskedValidatedReadByItsRuleRecordedAndReplayed() {
        // The rule alone is refused: the question it reads is declared nowhere yet.
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(RULES).put("/api/rules/files/works-council.drl")
                .then().statusCode(422)
                .body("report.safetyFindings.find { it.file == 'works-council.drl' }.message",
                        containsString("question 'works-council' is not declared"))
                .body("report.safetyFindings.find { it.file == 'works-council.drl' }.line", equalTo(13));

        uploadAndApprove("works-council.properties", DECLARATIONS);
        uploadAndApprove("works-council.drl", RULES);
        as(TestUsers.RULE_AUTHOR).get("/api/rules").then().statusCode(200)
                .body("active.questions.findAll { it.pack == 'works-council' }.id",
                        equalTo(List.of("works-council", "monitored-staff", "council-notes", "council-agreement")));
        as(TestUsers.SUBMITTER).get("/api/evaluations/questions").then().statusCode(200)
                .body("find { it.id == 'works-council' }.type", equalTo("yes-no"))
                .body("find { it.id == 'works-council' }.askedWhen", equalTo("jurisdictions has DE"))
                .body("find { it.id == 'works-council' }.pack", equalTo("works-council"))
                .body("find { it.id == 'monitored-staff' }.unit", equalTo("employees"));

        String id = as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body(answering("{\"works-council\": true, \"monitored-staff\": 40}")).post("/api/evaluations")
                .then().statusCode(201)
                .body("firedRules.name", hasItem("works-council-consent"))
                .body("warnings", hasItem(containsString("works council")))
                .extract().path("id");
        as(TestUsers.COMPLIANCE).get("/api/audit/" + id).then().statusCode(200)
                .body("input.answers.works-council", equalTo(true))
                .body("input.answers.monitored-staff", equalTo(40))
                .body("input.jurisdictions", equalTo(List.of("DE", "EU")));
        as(TestUsers.COMPLIANCE).get("/api/audit/verify").then().statusCode(200).body("ok", equalTo(true));
        as(TestUsers.COMPLIANCE).post("/api/evaluations/" + id + "/replay").then().statusCode(200)
                .body("reproduced", equalTo(true));

        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(answering("{\"works-council\": false}")).post("/api/evaluations")
                .then().statusCode(201).body("firedRules.name", not(hasItem("works-council-consent")));

        // Every page that shows the use case shows each answer with its question's label: the audit record, the board's proposal.
        String answered = "<dt>Does the employer have a works council in Germany?</dt><dd>Yes</dd>";
        as(TestUsers.COMPLIANCE).get("/console/audit/" + id).then().statusCode(200)
                .body(containsString(answered)).body(containsString("<dt>How many employees does the system monitor?</dt><dd>40 employees</dd>"));
        String proposal = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": "
                + answering("{\"works-council\": true}") + ", \"owner\": \"head-of-people\", \"businessJustification\": \"Rota fairness.\"}")
                .post("/api/proposals").then().statusCode(201).extract().path("id");
        as(TestUsers.BOARD).get("/console/proposals/" + proposal).then().statusCode(200).body(containsString(answered));
    }

    @Test
    void badAnswersAreRefusedNamingTheQuestionAndWriteNothing() {
        uploadAndApprove("works-council.properties", DECLARATIONS);
        // The submitter's own: the rule change re-decides the inventory's use cases meanwhile, as the service.
        int before = as(TestUsers.COMPLIANCE).get("/api/audit?kind=EVALUATION&requestedBy=" + TestUsers.SUBMITTER + "&limit=1").then().extract().path("total");
        for (String[] bad : new String[][] {
                { "", "answers.works-council", "is required" },
                { "{\"works-council\": true, \"shoe-size\": 42}", "answers.shoe-size", "is not a question the active rules ask" },
                { "{\"works-council\": \"yes\"}", "answers.works-council", "must be true or false" },
                { "{\"works-council\": false, \"monitored-staff\": 40}", "answers.monitored-staff", "is asked only when works-council is yes" },
                { "{\"works-council\": true, \"monitored-staff\": 4.5}", "answers.monitored-staff", "must be a whole number" },
                { "{\"works-council\": true, \"council-agreement\": \"MAYBE\"}", "answers.council-agreement", "'MAYBE' is not one of its choices: SIGNED, NEGOTIATING" },
                { "{\"works-council\": true, \"council-notes\": \"" + "x".repeat(100_000) + "\"}", "answers.council-notes", "must be at most 200 characters" },
                { "{\"works-council\": true, \"council-notes\": \"agreed\\u0007\"}", "answers.council-notes", "must not contain control characters" },
                { "{\"works-council\": true, \"bad\\u0000id\": 1}", "answers", "is not a question the active rules ask" } }) {
            as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(answering(bad[0])).post("/api/evaluations")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.find { it.field == '" + bad[1] + "' }.message", containsString(bad[2]))
                    .body(not(containsString("Exception")));
        }
        as(TestUsers.COMPLIANCE).get("/api/audit?kind=EVALUATION&requestedBy=" + TestUsers.SUBMITTER + "&limit=1").then().body("total", equalTo(before));
    }
}
