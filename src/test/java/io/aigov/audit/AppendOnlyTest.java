package io.aigov.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The database itself refuses to change or remove audit records and rule history. */
@QuarkusTest
class AppendOnlyTest {

    @Inject
    AuditTable auditTable;

    @BeforeEach
    void atLeastOneRecord() {
        given().contentType(ContentType.JSON).body("""
                {"name": "Append-only probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "audit_log", "ruleset_version", "ruleset_event" })
    void updateDeleteAndTruncateAreRefused(String table) {
        long rows = auditTable.countOf(table);
        assertTrue(rows > 0, table + " has no rows to protect");
        String column = table.equals("audit_log") ? "use_case_name = 'altered'" : "origin = 'altered'";
        for (String statement : List.of("update " + table + " set " + column, "delete from " + table, "truncate " + table + " cascade")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> auditTable.execute(statement),
                    statement + " was not refused");
            assertTrue(refused.getMessage().contains(table + " is append-only"), refused.getMessage());
        }
        assertEquals(rows, auditTable.countOf(table));
    }
}
