package io.aigov.control.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;

import org.junit.jupiter.api.Test;

import io.aigov.evaluation.service.DecisionClock;
import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.shared.Sha256;
import io.aigov.support.AuditTable;
import io.aigov.support.Eventually;
import io.aigov.support.NotificationReceivers;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Obligations become controls: one per obligation of a use case's decision, met by its owner's
 * evidence and attestation and accepted by compliance, never by whoever attested; each step is a
 * record of the audit chain, and a recurring control falls due again.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class ControlsTest {

    @Inject
    AuditTable tables;

    private static final List<String> EU_HIGH_RISK = List.of("eu-ai-act.art4.ai-literacy", "eu-ai-act.art9.risk-management",
            "eu-ai-act.art10.data-governance", "eu-ai-act.art11.technical-documentation", "eu-ai-act.art12.record-keeping",
            "eu-ai-act.art13.transparency", "eu-ai-act.art14.human-oversight", "eu-ai-act.art15.accuracy-robustness",
            "eu-ai-act.art26.log-retention");
    private static final List<String> NYC_LL144 = List.of("nyc-ll144.bias-audit", "nyc-ll144.notice", "nyc-ll144.public-summary");
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULTS = "metric,value\naccuracy,0.94\nimpact ratio (female),0.91\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void anEuHighRiskAndAnNycUseCaseAreWalkedFromDecisionToEveryControlAcceptedAndTheChainVerifies() throws Exception {
        String eu = submitted(UseCaseBodies.euScreening("Controls EU screening " + System.nanoTime()));
        String nyc = submitted(UseCaseBodies.nycHiring("Controls NYC hiring " + System.nanoTime()));

        JsonPath euControls = controlsOf(eu);
        assertEquals(EU_HIGH_RISK.stream().sorted().toList(), euControls.getList("obligationId", String.class).stream().sorted().toList());
        assertEquals(List.of("OPEN"), euControls.getList("status", String.class).stream().distinct().toList());
        assertEquals(List.of(TestUsers.SUBMITTER), euControls.getList("owner", String.class).stream().distinct().toList());
        // Annex III duties apply from 2 December 2027: that is when they are due.
        assertEquals("2027-12-02", euControls.getString("find { it.obligationId == 'eu-ai-act.art9.risk-management' }.dueOn"));
        assertEquals(NYC_LL144, controlsOf(nyc).getList("obligationId", String.class).stream().sorted().toList());

        // One control owned by an account that also holds the compliance role: its attestation is still reviewed by someone else.
        String literacy = euControls.getString("find { it.obligationId == 'eu-ai-act.art4.ai-literacy' }.id");
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"owner\": \"" + TestUsers.TESTER + "\"}")
                .put("/api/controls/" + literacy + "/owner").then().statusCode(403);
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"owner\": \"nobody-here\"}").put("/api/controls/" + literacy + "/owner")
                .then().statusCode(400).body("violations[0].field", equalTo("owner"));
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"owner\": \"" + TestUsers.TESTER + "\"}")
                .put("/api/controls/" + literacy + "/owner").then().statusCode(200).body("owner", equalTo(TestUsers.TESTER));

        for (String useCase : List.of(eu, nyc)) {
            for (Map<String, Object> control : controlsOf(useCase).<Map<String, Object>>getList("$")) {
                walkToAccepted((String) control.get("id"), (String) control.get("owner"));
            }
            assertEquals(List.of("ACCEPTED"), controlsOf(useCase).getList("status", String.class).stream().distinct().toList());
        }

        // Every step is in the chain, and an evidence file's record holds the hash of the very bytes kept.
        String art9 = euControls.getString("find { it.obligationId == 'eu-ai-act.art9.risk-management' }.id");
        JsonPath history = as(TestUsers.COMPLIANCE).get("/api/controls/" + art9 + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("OPENED", "EVIDENCE_ADDED", "ATTESTED", "ACCEPTED"), history.getList("type", String.class));
        String recordedHash = history.getString("find { it.type == 'EVIDENCE_ADDED' }.details.sha256");
        as(TestUsers.COMPLIANCE).get("/api/audit/" + history.getString("find { it.type == 'EVIDENCE_ADDED' }.id")).then().statusCode(200)
                .body("kind", equalTo("CONTROL_EVENT")).body("event.details.sha256", equalTo(recordedHash));
        assertEquals(Sha256.hex(PDF), recordedHash);
        JsonPath art9View = as(TestUsers.BOARD).get("/api/controls/" + art9).then().statusCode(200).extract().jsonPath();
        byte[] downloaded = as(TestUsers.COMPLIANCE).get(art9View.getString("evidence[0].download")).then().statusCode(200)
                .header("Content-Disposition", startsWith("attachment")).header("X-Content-Type-Options", "nosniff")
                .header("X-Evidence-SHA256", recordedHash).extract().asByteArray();
        assertArrayEquals(PDF, downloaded);
        String verified = as(TestUsers.COMPLIANCE).get("/api/audit/verify").then().statusCode(200).extract().asString();
        assertTrue(JsonPath.from(verified).getBoolean("ok"), verified);
    }

    /** Evidence of each kind the control asks for, the owner's attestation and compliance's acceptance; each step refused to the wrong person first. */
    private static void walkToAccepted(String control, String owner) throws IOException {
        JsonPath view = as(TestUsers.COMPLIANCE).get("/api/controls/" + control).then().statusCode(200).extract().jsonPath();
        List<String> asked = view.getList("evidenceKinds", String.class);
        upload(TestUsers.BOARD, control, "DOCUMENT", "plan.pdf", PDF).statusCode(403).contentType("application/problem+json");
        for (String kind : asked) {
            switch (kind) {
                case "DOCUMENT" -> upload(owner, control, "DOCUMENT", "plan.pdf", PDF).statusCode(201).body("contentType", equalTo("application/pdf"))
                        .body("sha256", equalTo(Sha256.hex(PDF)));
                case "TEST_RESULT" -> upload(owner, control, "TEST_RESULT", "results.csv", RESULTS).statusCode(201)
                        .body("contentType", equalTo("text/plain"));
                case "LINK" -> as(owner).contentType(ContentType.JSON).body("{\"url\": \"https://careers.example.com/aedt-audit\"}")
                        .post("/api/controls/" + control + "/links").then().statusCode(201).body("retrievedOn", notNullValue());
                default -> {
                    // An attestation is the owner's own, below.
                }
            }
        }
        String statement = "{\"statement\": \"the evidence attached is current and covers this use case\"}";
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body(statement).post("/api/controls/" + control + "/attestation").then()
                .statusCode(403);
        as(owner).contentType(ContentType.JSON).body(statement).post("/api/controls/" + control + "/attestation").then().statusCode(200)
                .body("status", equalTo("ATTESTED")).body("attestedBy", equalTo(owner))
                .body("attestation", equalTo("I attest that the evidence attached is current and covers this use case"));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/controls/" + control + "/acceptance").then().statusCode(403);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{}").post("/api/controls/" + control + "/acceptance").then().statusCode(403);
        // The attester may not accept, whatever roles they hold.
        as(owner).contentType(ContentType.JSON).body("{}").post("/api/controls/" + control + "/acceptance").then().statusCode(403);
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"note\": \"Checked.\"}").post("/api/controls/" + control + "/acceptance")
                .then().statusCode(200).body("status", equalTo("ACCEPTED")).body("reviewedBy", equalTo(TestUsers.COMPLIANCE));
    }

    @Test
    void theOwnerCannotAttestBeforeEveryKindOfEvidenceIsThereAndCompliancesReturnSendsItBack() throws IOException {
        String useCase = submitted(UseCaseBodies.nycHiring("Controls returned " + System.nanoTime()));
        String notice = controlsOf(useCase).getString("find { it.obligationId == 'nyc-ll144.notice' }.id");
        String statement = "{\"statement\": \"candidates are told ten business days ahead\"}";

        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(statement).post("/api/controls/" + notice + "/attestation").then()
                .statusCode(409).body("detail", containsString("missing: [DOCUMENT]"));
        upload(TestUsers.OTHER_SUBMITTER, notice, "DOCUMENT", "notice.pdf", PDF).statusCode(403)
                .body("detail", containsString("Only " + TestUsers.SUBMITTER));
        String missingOfNotice = "find { it.id == '" + notice + "' }.missingEvidence";
        assertEquals(List.of("DOCUMENT"), controlsOf(useCase).getList(missingOfNotice), "the list says what each control lacks");
        upload(TestUsers.SUBMITTER, notice, "DOCUMENT", "notice.pdf", PDF).statusCode(201);
        as(TestUsers.SUBMITTER).get("/api/controls/" + notice).then().statusCode(200).body("status", equalTo("EVIDENCED"))
                .body("missingEvidence", empty());
        assertEquals(List.of(), controlsOf(useCase).getList(missingOfNotice));
        assertTrue(controlsOf(useCase).getList("findAll { it.id != '" + notice + "' && it.status == 'OPEN' }.missingEvidence.flatten()")
                .contains("DOCUMENT"), "another control of the use case still lacks its document");
        as(TestUsers.OTHER_SUBMITTER).get("/api/controls/" + notice).then().statusCode(404);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(statement).post("/api/controls/" + notice + "/attestation").then()
                .statusCode(200);
        upload(TestUsers.SUBMITTER, notice, "DOCUMENT", "late.pdf", PDF).statusCode(409).body("detail", containsString("ATTESTED"));

        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{}").post("/api/controls/" + notice + "/return").then().statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"reason\": \"The notice lacks the alternative process.\"}")
                .post("/api/controls/" + notice + "/return").then().statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("attestation", nullValue()).body("reviewNote", equalTo("The notice lacks the alternative process."));
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{}").post("/api/controls/" + notice + "/acceptance").then().statusCode(409);

        String summary = controlsOf(useCase).getString("find { it.obligationId == 'nyc-ll144.public-summary' }.id");
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"reason\": \"The tool is not used for hiring in the city after all.\"}")
                .post("/api/controls/" + summary + "/not-applicable").then().statusCode(200).body("status", equalTo("NOT_APPLICABLE"));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"reason\": \"Mine.\"}").post("/api/controls/" + summary + "/not-applicable")
                .then().statusCode(403);
    }

    @Test
    void aNewVersionThatNoLongerNamesAnObligationClosesItsControlAndOneThatNamesItAgainOpensANewOne() throws InterruptedException {
        String useCase = submitted(UseCaseBodies.nycHiring("Controls followed " + System.nanoTime()));
        String notice = controlsOf(useCase).getString("find { it.obligationId == 'nyc-ll144.notice' }.id");
        String rules = WritableRulesFolder.read("regulation-nyc-local-law-144.drl");
        try {
            WritableRulesFolder.write("regulation-nyc-local-law-144.drl", rules.replace(", \"nyc-ll144.notice\")", ")"));
            as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(200);
            tables.awaitProposalsFollowed();
            as(TestUsers.COMPLIANCE).get("/api/controls/" + notice).then().statusCode(200).body("status", equalTo("CLOSED"))
                    .body("closedReason", containsString("no longer names the obligation"));
            assertEquals(List.of("nyc-ll144.bias-audit", "nyc-ll144.public-summary"), controlsOf(useCase)
                    .getList("findAll { it.status != 'CLOSED' }.obligationId", String.class).stream().sorted().toList());
        } finally {
            WritableRulesFolder.restore();
            as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(200);
            tables.awaitProposalsFollowed();
        }
        JsonPath reopened = controlsOf(useCase);
        assertEquals(NYC_LL144, reopened.getList("findAll { it.status == 'OPEN' }.obligationId", String.class).stream().sorted().toList());
        assertEquals(List.of(notice), reopened.getList("findAll { it.status == 'CLOSED' }.id", String.class), "the closed one stays, with its history");
    }

    @Test
    void aWithdrawnProposalsControlsAreClosedWithTheReason() {
        String useCase = submitted(UseCaseBodies.nycHiring("Controls withdrawn " + System.nanoTime()));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"reason\": \"Not pursued.\"}").post("/api/proposals/" + useCase + "/withdraw")
                .then().statusCode(200);
        JsonPath closed = controlsOf(useCase);
        assertEquals(List.of("CLOSED"), closed.getList("status", String.class).stream().distinct().toList());
        assertEquals(List.of("the use case is WITHDRAWN"), closed.getList("closedReason", String.class).stream().distinct().toList());
        String id = closed.getString("[0].id");
        upload(TestUsers.SUBMITTER, id, "DOCUMENT", "late.pdf", PDF).statusCode(409).body("detail", containsString("closed"));
    }

    @Test
    void aRecurringControlIsDueAgainAndBecomesOverdueWhenTheClockPassesItsDueDateAndItsOwnerIsNotified() throws Exception {
        String address = "control-owner-" + System.nanoTime() + "@example.org";
        as(TestUsers.OTHER_SUBMITTER).contentType(ContentType.JSON)
                .body("{\"email\": \"" + address + "\", \"reassessments\": false, \"decisions\": false, \"prohibited\": false, \"controls\": true}")
                .put("/api/me/notifications").then().statusCode(200).body("controls", equalTo(true));
        String title = "Controls recurring " + System.nanoTime();
        String useCase = as(TestUsers.OTHER_SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.nycHiring(title)
                + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201)
                .extract().path("id");
        String audit = controlsOf(useCase).getString("find { it.obligationId == 'nyc-ll144.bias-audit' }.id");
        walkToAccepted(audit, TestUsers.OTHER_SUBMITTER);
        JsonPath accepted = as(TestUsers.COMPLIANCE).get("/api/controls/" + audit).then().extract().jsonPath();
        LocalDate dueOn = LocalDate.parse(accepted.getString("dueOn"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusMonths(12), dueOn, "accepted today, the bias audit is due again in 12 months");

        on(dueOn.minusDays(5));
        checkDeadlines();
        as(TestUsers.COMPLIANCE).get("/api/controls/" + audit).then().body("status", equalTo("OPEN")).body("cycle", equalTo(2))
                .body("attestation", nullValue());
        awaitMail(address, title, "due again on " + dueOn);

        on(dueOn.plusDays(1));
        checkDeadlines();
        as(TestUsers.COMPLIANCE).get("/api/controls/" + audit).then().body("status", equalTo("OVERDUE")).body("cycle", equalTo(2));
        awaitMail(address, title, "overdue since " + dueOn);
        checkDeadlines();
        List<String> types = as(TestUsers.COMPLIANCE).get("/api/controls/" + audit + "/history").then().extract().jsonPath()
                .getList("type", String.class);
        assertEquals(1, types.stream().filter("OVERDUE"::equals).count(), "stepped once however often it is checked: " + types);
        assertTrue(types.contains("CYCLE_STARTED"), types.toString());

        // The previous cycle's evidence stays; the new cycle asks for its own.
        as(TestUsers.OTHER_SUBMITTER).get("/api/controls/" + audit).then().body("evidence.cycle", everyItem(equalTo(1)))
                .body("missingEvidence", contains("DOCUMENT"));
    }

    @Test
    void hostileEvidenceIsRefusedOrKeptInertAndARefusalWritesNothing() throws IOException {
        String useCase = submitted(UseCaseBodies.nycHiring("Controls hostile " + System.nanoTime()));
        String control = controlsOf(useCase).getString("find { it.obligationId == 'nyc-ll144.bias-audit' }.id");
        int eventsBefore = controlEvents(control);

        upload(TestUsers.SUBMITTER, control, "DOCUMENT", "report.pdf", new byte[4 * 1024 * 1024 + 1]).statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("evidence-max-size"));
        upload(TestUsers.SUBMITTER, control, "DOCUMENT", "report.pdf",
                "<html><body><script>fetch('/api/users')</script></body></html>".getBytes(StandardCharsets.UTF_8)).statusCode(415)
                .body("detail", containsString("text/html"));
        upload(TestUsers.SUBMITTER, control, "DOCUMENT", "chart.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8)).statusCode(415);
        upload(TestUsers.SUBMITTER, control, "DOCUMENT", "results.zip", zipBomb()).statusCode(415).body("detail", containsString("zip"));
        upload(TestUsers.SUBMITTER, control, "LINK", "report.pdf", PDF).statusCode(400);
        upload(TestUsers.SUBMITTER, control, "SPREADSHEET", "report.pdf", PDF).statusCode(400);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"url\": \"javascript:alert(1)\"}").post("/api/controls/" + control + "/links")
                .then().statusCode(400).body("violations[0].field", equalTo("url"));
        assertEquals(eventsBefore, controlEvents(control), "a refused upload writes nothing");
        as(TestUsers.SUBMITTER).get("/api/controls/" + control).then().body("evidence", empty()).body("status", equalTo("OPEN"));

        // A name with folders is a label only; text with a script in it is served inert.
        upload(TestUsers.SUBMITTER, control, "DOCUMENT", "../../etc/cron.d/evil.pdf", PDF).statusCode(201).body("name", equalTo("evil.pdf"));
        byte[] scripted = "Audit notes\n<script>alert(document.cookie)</script>\n".getBytes(StandardCharsets.UTF_8);
        String download = upload(TestUsers.SUBMITTER, control, "TEST_RESULT", "notes.html", scripted).statusCode(201)
                .body("contentType", equalTo("text/plain")).extract().path("download");
        as(TestUsers.SUBMITTER).get(download).then().statusCode(200).contentType(startsWith("text/plain"))
                .header("Content-Disposition", equalTo("attachment; filename=\"notes.html\"; filename*=UTF-8''notes.html"))
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", containsString("sandbox"));
    }

    private static ValidatableResponse upload(String user, String control, String kind, String name, byte[] content) {
        return as(user).multiPart("file", name, content, "application/pdf").multiPart("kind", kind).post("/api/controls/" + control + "/evidence")
                .then();
    }

    /** A small archive whose one entry unpacks to 100 MB of zeros. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("results.csv"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 100; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static int controlEvents(String control) {
        return as(TestUsers.COMPLIANCE).get("/api/controls/" + control + "/history").then().statusCode(200).extract().jsonPath().getList("$")
                .size();
    }

    private static void on(LocalDate day) {
        QuarkusMock.installMockForType(new DecisionClock(Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC)),
                DecisionClock.class);
    }

    private static void checkDeadlines() {
        as(TestUsers.SUBMITTER).post("/api/controls/deadline-check").then().statusCode(403);
        as(TestUsers.ADMIN).post("/api/controls/deadline-check").then().statusCode(200);
    }

    private static void awaitMail(String address, String title, String subject) throws InterruptedException {
        Eventually.awaitTrue("an e-mail to " + address + " saying " + subject, Duration.ofSeconds(60),
                () -> List.of(NotificationReceivers.smtp().getReceivedMessages()).stream().anyMatch(message -> {
                    try {
                        return List.of(message.getAllRecipients()).stream().anyMatch(to -> to.toString().equals(address))
                                && message.getSubject().contains(title) && message.getSubject().contains(subject);
                    } catch (MessagingException e) {
                        return false;
                    }
                }));
    }

    private static String submitted(String useCase) {
        return as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + useCase
                + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonPath controlsOf(String useCase) {
        return as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().statusCode(200).extract().jsonPath();
    }
}
