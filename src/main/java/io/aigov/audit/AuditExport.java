package io.aigov.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.FiredRule;

/**
 * Writes the audit records matching a query, newest first, as CSV or JSON Lines while reading them
 * through a database cursor, so memory stays flat however many records there are.
 */
@ApplicationScoped
public class AuditExport {

    public static final List<String> CSV_COLUMNS = List.of("id", "evaluated_at", "requested_by", "ruleset_version", "name",
            "description", "approach", "verdict", "rag_recommended", "score_prompting", "score_fine_tuning", "exposures",
            "fired_rules", "warnings");
    private static final int FETCH_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();
    private static final TypeReference<List<Exposure>> EXPOSURES = new TypeReference<>() {
    };
    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> TEXTS = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public AuditExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One row per evaluation (RFC 4180), exposures as "REGIME:LEVEL" and fired rules by name, each
     * list in one column separated by "; ". A cell a spreadsheet would run as a formula (starting
     * with =, +, - or @) is prefixed with an apostrophe.
     */
    public void csv(AuditQuery query, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF'); // lets spreadsheets recognise UTF-8
        CsvSchema schema = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING).build()
                .withHeader().withLineSeparator("\r\n");
        try (SequenceWriter rows = CSV.writer(schema).writeValues(writer)) {
            each(query, row -> {
                JsonNode input = row.input();
                List<String> cells = new ArrayList<>();
                cells.add(row.id());
                cells.add(row.evaluatedAt().toString());
                cells.add(row.requestedBy());
                cells.add(row.rulesetVersion());
                cells.add(row.name());
                cells.add(input.path("description").isTextual() ? input.path("description").asText() : "");
                cells.add(row.approach());
                cells.add(row.verdict());
                cells.add(String.valueOf(row.ragRecommended()));
                cells.add(String.valueOf(row.scorePrompting()));
                cells.add(String.valueOf(row.scoreFineTuning()));
                cells.add(row.exposures().stream().map(e -> e.regime() + ":" + e.level()).collect(Collectors.joining("; ")));
                cells.add(row.firedRules().stream().map(FiredRule::name).collect(Collectors.joining("; ")));
                cells.add(String.join("; ", row.warnings()));
                rows.write(cells.stream().map(AuditExport::spreadsheetSafe).toList());
            });
        }
    }

    /** One JSON object per line with everything the record holds. */
    public void jsonl(AuditQuery query, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        each(query, row -> {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", row.id());
            record.put("evaluatedAt", row.evaluatedAt().toString());
            record.put("requestedBy", row.requestedBy());
            record.put("rulesetVersion", row.rulesetVersion());
            record.put("approach", row.approach());
            record.put("ragRecommended", row.ragRecommended());
            record.put("verdict", row.verdict());
            record.put("scores", Map.of("prompting", row.scorePrompting(), "fineTuning", row.scoreFineTuning()));
            record.put("exposures", row.exposures());
            record.put("firedRules", row.firedRules());
            record.put("warnings", row.warnings());
            record.put("input", row.input());
            writer.write(JSON.writeValueAsString(record));
            writer.write('\n');
        });
        writer.flush();
    }

    private record Row(String id, Instant evaluatedAt, String requestedBy, String rulesetVersion, String name,
            String approach, String verdict, boolean ragRecommended, double scorePrompting, double scoreFineTuning,
            JsonNode input, List<Exposure> exposures, List<FiredRule> firedRules, List<String> warnings) {
    }

    private interface RowConsumer {
        void accept(Row row) throws IOException;
    }

    private void each(AuditQuery query, RowConsumer consumer) throws IOException {
        AuditFilter filter = AuditFilter.of(query);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL streams with a cursor only inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("select id, evaluated_at, requested_by, ruleset_version,"
                    + " use_case_name, approach, verdict, rag_recommended, score_prompting, score_fine_tuning, input, exposures,"
                    + " fired_rules, warnings from audit_log" + filter.where() + " order by evaluated_at desc, id desc")) {
                statement.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < filter.parameters().size(); i++) {
                    Object value = filter.parameters().get(i);
                    statement.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        consumer.accept(new Row(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getBoolean(8), rows.getDouble(9), rows.getDouble(10), JSON.readTree(rows.getString(11)),
                                JSON.readValue(rows.getString(12), EXPOSURES), JSON.readValue(rows.getString(13), FIRED_RULES),
                                JSON.readValue(rows.getString(14), TEXTS)));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the audit log failed", e));
        }
    }

    private static String spreadsheetSafe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' ? "'" + cell : cell;
    }
}
