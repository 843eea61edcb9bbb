package io.aigov.dossier;

import static io.aigov.support.TestUsers.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.shared.Sha256;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A use case's dossier: the ZIP verifies offline and names what was changed in it, and the PDF
 * holds the use case, its decisions and every control.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class DossierTest {

    private static final byte[] AUDIT_REPORT = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static final String COMMENT = "Bias audit looks independent; ask for the \"selection rate\" table next year.";

    /** Made by the first test that needs it, for all of them. */
    private static String title;
    private static String useCase;
    private static String auditControl;
    private static byte[] zip;

    @BeforeEach
    void aNycUseCaseWithItsBiasAuditAccepted() {
        if (zip != null) {
            return;
        }
        title = "Dossier hiring " + System.nanoTime();
        useCase = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.nycHiring(title)
                + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Shortlisting for the New York office.\"}").post("/api/proposals").then().statusCode(201).extract().path("id");
        auditControl = as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().statusCode(200).extract().jsonPath()
                .getString("find { it.obligationId == 'nyc-ll144.bias-audit' }.id");
        as(TestUsers.SUBMITTER).multiPart("file", "bias-audit-2026.pdf", AUDIT_REPORT, "application/pdf").multiPart("kind", "DOCUMENT")
                .post("/api/controls/" + auditControl + "/evidence").then().statusCode(201);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"statement\": \"the independent audit of 2026-11-20 covers this tool\"}")
                .post("/api/controls/" + auditControl + "/attestation").then().statusCode(200);
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"note\": \"Auditor independent.\"}")
                .post("/api/controls/" + auditControl + "/acceptance").then().statusCode(200);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body(Map.of("text", COMMENT)).post("/api/proposals/" + useCase + "/comments")
                .then().statusCode(201);
        zip = as(TestUsers.COMPLIANCE).get("/api/dossiers/" + useCase).then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"dossier-" + useCase + ".zip\"").extract().asByteArray();
    }

    @Test
    void theZipVerifiesOfflineAgainstTheKeyTheAuditorWasGiven() throws IOException {
        DossierVerification.Report report = DossierVerification.verify(written(zip), Optional.empty());
        assertEquals(List.of(), report.problems());
        assertTrue(report.ok());
        assertEquals(useCase, report.useCase());
        assertEquals(1, report.evidence());
        assertTrue(report.records() >= 6, "the evaluation, its registration, three controls opened, evidence, attestation, acceptance: "
                + report.records());

        String key = as(TestUsers.COMPLIANCE).get("/api/audit/public-key").then().statusCode(200).extract().asString();
        Path keyFile = Files.writeString(Files.createTempFile("dossier-key", ".pem"), key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DossierVerification.run(List.of(written(zip).toString(), "--key", keyFile.toString()), new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(DossierVerification.OK, status, out.toString(StandardCharsets.UTF_8));
        assertEquals(true, JsonPath.from(out.toString(StandardCharsets.UTF_8)).getBoolean("ok"));
    }

    /** The board's discussion travels with the dossier, beside the chain: a comment changed afterwards is named. */
    @Test
    void theProposalsDiscussionIsInTheZipAndAChangedCommentIsNamed() throws IOException {
        String comments = new String(entries(zip).get("comments.jsonl"), StandardCharsets.UTF_8);
        JsonPath comment = JsonPath.from(comments.strip());
        assertEquals(TestUsers.BOARD, comment.getString("author"));
        assertEquals(COMMENT, comment.getString("text"));
        assertEquals(1, JsonPath.from(new String(entries(zip).get("manifest.json"), StandardCharsets.UTF_8)).getInt("comments"));

        DossierVerification.Report report = verified(changed(zip, "comments.jsonl", bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace("looks independent", "is not independent").getBytes(StandardCharsets.UTF_8)));
        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(problem -> problem.startsWith("comments.jsonl: its SHA-256 is")), report.problems().toString());
    }

    @Test
    void aChangedEvidenceFileIsNamed() throws IOException {
        Map<String, byte[]> entries = entries(zip);
        String evidence = entries.keySet().stream().filter(name -> name.startsWith("evidence/")).findFirst().orElseThrow();
        DossierVerification.Report report = verified(changed(zip, evidence, bytes -> "%PDF-1.4\nsomething else\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(problem -> problem.startsWith(evidence + " (bias-audit-2026.pdf): its SHA-256 is")
                && problem.contains("the manifest says")), report.problems().toString());
        assertTrue(report.problems().stream().anyMatch(problem -> problem.contains("the audit chain recorded")), report.problems().toString());
    }

    @Test
    void aRemovedRecordIsNamed() throws IOException {
        String attested = as(TestUsers.COMPLIANCE).get("/api/controls/" + auditControl + "/history").then().extract().jsonPath()
                .getString("find { it.type == 'ATTESTED' }.id");
        DossierVerification.Report report = verified(changed(zip, "records.jsonl", bytes -> new String(bytes, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.contains("\"id\":\"" + attested + "\"")).map(line -> line + "\n").reduce("", String::concat)
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(problem -> problem.startsWith("record " + attested) && problem.contains("missing")),
                report.problems().toString());
    }

    @Test
    void aForgedCheckpointIsNamed() throws IOException {
        DossierVerification.Report report = verified(changed(zip, "checkpoints.jsonl", bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replaceFirst("\"hash\":\"[0-9a-f]{8}", "\"hash\":\"00000000").getBytes(StandardCharsets.UTF_8)));
        assertFalse(report.ok());
        assertTrue(report.problems().stream().anyMatch(problem -> problem.contains("CHECKPOINT_SIGNATURE_INVALID")), report.problems().toString());
    }

    @Test
    void aManifestRewrittenToMatchIsCaughtByItsSignature() throws IOException {
        byte[] withoutRecords = changed(zip, "records.jsonl", bytes -> new byte[0]);
        Map<String, byte[]> entries = entries(withoutRecords);
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8).replaceFirst("\"records.jsonl\" : \"[0-9a-f]{64}\"",
                "\"records.jsonl\" : \"" + Sha256.hex(new byte[0]) + "\"");
        DossierVerification.Report report = verified(changed(withoutRecords, "manifest.json", bytes -> manifest.getBytes(StandardCharsets.UTF_8)));
        assertTrue(report.problems().contains("manifest.sig: the manifest's signature does not hold for key " + report.keyId()),
                report.problems().toString());
    }

    @Test
    void thePdfHoldsTheUseCaseItsDecisionsAndEveryControlInItsOwnEmbeddedFont() throws IOException {
        byte[] pdf = as(TestUsers.BOARD).get("/api/dossiers/" + useCase + "/pdf").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            for (String expected : List.of(title, "head-of-talent", "Evaluation of", "NYC_LL144: HIGH", "an automated employment decision tool under Local Law 144",
                    "nyc-ll144.bias-audit", "nyc-ll144.public-summary", "nyc-ll144.notice", "bias-audit-2026.pdf",
                    "I attest that the independent audit of 2026-11-20 covers this tool", "Auditor independent.", "EVIDENCE_ADDED",
                    "Discussion", COMMENT)) {
                assertTrue(text.contains(expected), "the PDF says '" + expected + "': " + text);
            }
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertTrue(font.isEmbedded(), font.getName() + " is embedded");
                }
            }
        }
    }

    @Test
    void onlyTheBoardAndComplianceGetADossierAndAnUnknownUseCaseHasNone() {
        as(TestUsers.SUBMITTER).get("/api/dossiers/" + useCase).then().statusCode(403);
        as(TestUsers.COMPLIANCE).get("/api/dossiers/00000000-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        as(TestUsers.COMPLIANCE).get("/api/dossiers/not-an-id/pdf").then().statusCode(400);
    }

    @Test
    void somethingElseThanADossierIsRefusedAsUnusable() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path notAZip = Files.writeString(Files.createTempFile("not-a-dossier", ".zip"), "hello");
        assertEquals(DossierVerification.UNUSABLE, DossierVerification.run(List.of(notAZip.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err)));
        assertEquals(DossierVerification.UNUSABLE, DossierVerification.run(List.of(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: verify-dossier"), err.toString(StandardCharsets.UTF_8));
    }

    private static DossierVerification.Report verified(byte[] dossier) throws IOException {
        return DossierVerification.verify(written(dossier), Optional.empty());
    }

    private static Path written(byte[] dossier) throws IOException {
        return Files.write(Files.createTempFile("dossier", ".zip"), dossier);
    }

    private static Map<String, byte[]> entries(byte[] dossier) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dossier))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** The dossier with one entry's bytes changed, everything else as it was. */
    private static byte[] changed(byte[] dossier, String name, UnaryOperator<byte[]> change) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries(dossier).entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getKey().equals(name) ? change.apply(entry.getValue()) : entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
