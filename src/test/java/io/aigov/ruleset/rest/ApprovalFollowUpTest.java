package io.aigov.ruleset.rest;

import static io.aigov.ruleset.rest.FourEyesRulesFolder.servingVersion;
import static io.aigov.support.Answers.expect;
import static io.aigov.support.Answers.json;
import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;

/**
 * An approval makes the new version serve and answers; what follows a new version (every open
 * proposal decided again on it) runs afterwards, in the background. Here one of 200 open proposals
 * is held by another transaction the whole time the approval runs: an approval that re-evaluated
 * proposals itself, as it once did, would wait for it and never answer.
 */
@QuarkusTest
@TestProfile(FourEyesRulesFolder.class)
class ApprovalFollowUpTest {

    private static final Logger LOG = Logger.getLogger(ApprovalFollowUpTest.class);
    private static final int OPEN_PROPOSALS = 200;
    private static final String TIPPING = """
            {"name": "Tipping case", "dailyRequestVolume": 45000, "consistency": "STRICT", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}""";
    /** Far longer than an approval takes; an approval waiting for the held proposal would wait for ever. */
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 60_000));

    @Inject
    DataSource dataSource;

    @Inject
    AuditTable tables;

    /** Proposals are opened and withdrawn by a few clients at once, as the service would meet them. */
    private static final int CLIENTS = 4;

    private final List<String> proposals = new ArrayList<>();
    private String original;

    @AfterEach
    void withdrawTheProposalsAndPutTheRulesBack() throws InterruptedException, ExecutionException {
        tables.awaitProposalsFollowed();
        inParallel(proposals.size(), i -> {
            expect(200, as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"reason\": \"test over\"}")
                    .post("/api/proposals/" + proposals.get(i) + "/withdraw"));
            return null;
        });
        FourEyesRulesFolder.restore(original);
    }

    @Test
    void anApprovalAnswersWithoutWaitingForTheOpenProposalsToBeDecidedAgain() throws Exception {
        original = servingVersion();
        proposals.addAll(inParallel(OPEN_PROPOSALS, i -> json(expect(201, as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body("{\"useCase\": " + TIPPING + ", \"owner\": \"owner-" + i + "\", \"businessJustification\": \"Load.\"}")
                .post("/api/proposals"))).path("id").asText()));
        String change = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT)
                .body(WritableRulesFolder.read("thresholds.properties").replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(202).extract().path("change.id");

        String held = proposals.get(0);
        long took;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select id from proposal where id = ?::uuid for update")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            long started = System.nanoTime();
            as(TestUsers.OTHER_RULE_AUTHOR).config(PATIENT).contentType(ContentType.JSON).body("{}")
                    .post("/api/rules/changes/" + change + "/approve").then().statusCode(200).body("status", equalTo("ACTIVATED"));
            took = (System.nanoTime() - started) / 1_000_000;
            assertNotEquals(original, servingVersion(), "the approved version serves as soon as the approval answers");
            assertEquals(original, latestVersionOf(held), "the held proposal cannot have been decided again yet");
            holder.rollback();
        }
        LOG.infof("The approval answered in %d ms with %d open proposals", took, OPEN_PROPOSALS);

        tables.awaitProposalsFollowed();
        assertEquals(OPEN_PROPOSALS, reevaluations(servingVersion(), proposals), "each open proposal decided again once on the new version");
    }

    /** The answers of {@code count} requests made by {@link #CLIENTS} clients, in the order of their numbers. */
    private static <T> List<T> inParallel(int count, IntFunction<T> request) throws InterruptedException, ExecutionException {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int number = i;
                answers.add(clients.submit(() -> request.apply(number)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> answer : answers) {
                results.add(answer.get());
            }
            return results;
        } finally {
            clients.shutdownNow();
        }
    }

    private String latestVersionOf(String proposal) throws SQLException {
        return single("select a.ruleset_version from proposal p join audit_log a on a.id = p.latest_evaluation_id where p.id = ?::uuid",
                proposal);
    }

    /** Evaluations on the version that these proposals were linked to because the ruleset changed. */
    private long reevaluations(String version, List<String> of) throws SQLException {
        return Long.parseLong(single("select count(*)::text from proposal_evaluation e join audit_log a on a.id = e.evaluation_id"
                + " where e.reason = 'RULESET_CHANGED' and a.ruleset_version = ? and e.proposal_id::text = any(string_to_array(?, ','))",
                version, String.join(",", of)));
    }

    private String single(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
