package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.aigov.audit.AuditExport;
import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Compliance officers export what they searched: CSV for a spreadsheet, JSON Lines with everything. */
@QuarkusTest
class AuditExportTest {

    private static final String AWKWARD = "He said \"stop\", then left;\nsecond line";

    @Inject
    AuditTable auditTable;

    /** JIT would compile an export's expressions once per partition of the chain: tens of seconds over a hundred. */
    @Test
    void theServiceReadsWithoutPostgresJit() {
        assertEquals("off", auditTable.queryText("show jit"));
    }

    @Test
    void csvHasOneQuotedRowPerEvaluationWithFiredRulesInOneColumn() throws Exception {
        String marker = "export-" + UUID.randomUUID();
        String older = evaluate("=SUM(A1) " + marker, AWKWARD);
        String newer = evaluate("plain " + marker, "short");

        String csv = given().queryParam("q", marker).queryParam("format", "csv").when().get("/api/audit/export")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("audit-log.csv"))
                .extract().asString();

        assertTrue(csv.startsWith("\uFEFF"), "a byte-order mark lets spreadsheets read UTF-8");
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.substring(1))) {
            List<Map<String, String>> all = rows.readAll();
            assertEquals(2, all.size());
            assertEquals(AuditExport.CSV_COLUMNS, List.copyOf(all.get(0).keySet()));
            assertEquals(newer, all.get(0).get("id"));
            assertEquals(older, all.get(1).get("id"));
            assertEquals(AWKWARD, all.get(1).get("description"));
            assertEquals("'=SUM(A1) " + marker, all.get(1).get("name"), "a formula-like cell is neutralised");
            assertTrue(all.get(1).get("fired_rules").contains("volume-favours-prompting; "), all.get(1).get("fired_rules"));
            assertEquals("PROMPTING", all.get(1).get("approach"));
            assertEquals("false", all.get(1).get("rag_recommended"));
            assertTrue(all.get(1).get("score_prompting").matches("\\d+\\.\\d+"), all.get(1).get("score_prompting"));
            assertTrue(all.get(1).get("evaluated_at").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), all.get(1).get("evaluated_at"));
            assertEquals("EVALUATION", all.get(1).get("kind"));
            assertEquals("", all.get(1).get("board_decision"));
        }
    }

    @Test
    void jsonLinesHoldEverything() throws Exception {
        String marker = "export-" + UUID.randomUUID();
        String id = evaluate("jsonl " + marker, AWKWARD);

        String jsonl = given().queryParam("q", marker).queryParam("format", "jsonl").when().get("/api/audit/export")
                .then().statusCode(200).contentType(startsWith("application/jsonl")).extract().asString();

        String[] lines = jsonl.split("\n");
        assertEquals(1, lines.length);
        JsonNode record = new ObjectMapper().readTree(lines[0]);
        assertEquals(id, record.get("id").asText());
        assertEquals(AWKWARD, record.get("input").get("description").asText());
        assertTrue(record.get("firedRules").size() > 0);
        assertTrue(record.get("firedRules").get(0).has("reason"));
        assertEquals(64, record.get("rulesetVersion").asText().length());
    }

    @Test
    void anUnknownFormatOrFilterIsNamed() {
        given().queryParam("format", "xml").when().get("/api/audit/export").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("format"));
        given().queryParam("verdict", "MAYBE").when().get("/api/audit/export").then().statusCode(400)
                .body("violations[0].field", equalTo("verdict"));
    }

    private static String evaluate(String name, String description) {
        Map<String, Object> body = Map.of("name", name, "description", description, "dailyRequestVolume", 100,
                "consistency", "FLEXIBLE", "labeledExamples", 0, "stableMonths", 1, "timeToProductionWeeks", 1,
                "latencyBudgetMs", 3000, "vocabulary", "STANDARD");
        return given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
    }
}
