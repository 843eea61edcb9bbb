package io.aigov.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.aigov.shared.SpreadsheetCells;


/**
 * Writes the audit records matching a query, newest first, as CSV or JSON Lines while reading them
 * through a database cursor, so memory stays flat however many records there are.
 */
@ApplicationScoped
public class AuditExport {

    public static final List<String> CSV_COLUMNS = List.of("id", "kind", "evaluated_at", "requested_by", "ruleset_version", "name",
            "description", "approach", "verdict", "rag_recommended", "score_prompting", "score_fine_tuning", "exposures",
            "fired_rules", "warnings", "board_decision", "rationale", "conditions", "override", "event", "completes");
    /**
     * The CSV columns, in order, with the lists flattened by PostgreSQL: reading only these is what
     * keeps a million-row export quick, since the JSON columns are never bound to objects.
     */
    private static final String CSV_SELECT = AuditColumn.names(AuditColumn.ID, AuditColumn.KIND, AuditColumn.EVALUATED_AT,
            AuditColumn.REQUESTED_BY, AuditColumn.RULESET_VERSION, AuditColumn.NAME) + ", " + AuditColumn.INPUT + " ->> 'description', "
            + AuditColumn.names(AuditColumn.APPROACH, AuditColumn.VERDICT, AuditColumn.RAG_RECOMMENDED, AuditColumn.SCORE_PROMPTING,
                    AuditColumn.SCORE_FINE_TUNING)
            + ", (select string_agg((e ->> 'regime') || ':' || (e ->> 'level'), '; ' order by n)"
            + "    from jsonb_array_elements(" + AuditColumn.EXPOSURES + ") with ordinality as x(e, n)),"
            + " (select string_agg(f ->> 'name', '; ' order by n) from jsonb_array_elements(" + AuditColumn.FIRED_RULES
            + ") with ordinality as x(f, n)),"
            + " (select string_agg(w, '; ' order by n) from jsonb_array_elements_text(" + AuditColumn.WARNINGS + ") with ordinality as x(w, n)),"
            + " " + AuditColumn.DECISION + " ->> 'outcome', " + AuditColumn.DECISION + " ->> 'rationale',"
            + " (select string_agg(c, '; ' order by n) from jsonb_array_elements_text(" + AuditColumn.DECISION
            + " -> 'conditions') with ordinality as x(c, n)),"
            + " (" + AuditColumn.DECISION + " -> 'override' ->> 'approach') || ': ' || (" + AuditColumn.DECISION + " -> 'override' ->> 'reason'), "
            + AuditColumn.EVENT + "::text, " + AuditColumn.COMPLETES + "::text";
    private static final String NEWEST_FIRST = " order by " + AuditColumn.SEQ + " desc";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private final AuditRows auditRows;

    public AuditExport(AuditRows auditRows) {
        this.auditRows = auditRows;
    }

    /**
     * One row per record (RFC 4180), exposures as "REGIME:LEVEL" and fired rules by name, each list
     * in one column separated by "; ", an event of the rules or of an account as its JSON, and for a
     * record of counterfactuals found afterwards the id of the evaluation it completes. A cell a
     * spreadsheet would run as a formula (starting with =, +, - or @) is prefixed with an apostrophe.
     */
    public void csv(AuditQuery query, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF'); // lets spreadsheets recognise UTF-8
        CsvSchema schema = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING).build()
                .withHeader().withLineSeparator("\r\n");
        try (SequenceWriter rows = CSV.writer(schema).writeValues(writer)) {
            auditRows.eachRow(CSV_SELECT, AuditFilter.of(query), NEWEST_FIRST, row -> {
                List<String> cells = new ArrayList<>(CSV_COLUMNS.size());
                for (int column = 1; column <= CSV_COLUMNS.size(); column++) {
                    cells.add(switch (CSV_COLUMNS.get(column - 1)) {
                        case "evaluated_at" -> row.getObject(column, OffsetDateTime.class).toInstant().toString();
                        // Events of the rules and of accounts have no evaluation fields: their cells stay empty.
                        case "rag_recommended", "score_prompting", "score_fine_tuning" -> Objects.toString(row.getObject(column), null);
                        default -> row.getString(column);
                    });
                }
                rows.write(cells.stream().map(SpreadsheetCells::safe).toList());
            });
        }
    }

    /**
     * One JSON object per line with everything the record holds, its place in the chain (seq,
     * prevHash, hash) and the canonical text its hash covers, so the chain can be checked offline.
     */
    public void jsonl(AuditQuery query, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        auditRows.eachStored(AuditFilter.of(query), NEWEST_FIRST, row -> {
            writer.write(jsonLine(row));
            writer.write('\n');
        });
        writer.flush();
    }

    /** Receives one record as a line of the JSON Lines export. */
    public interface LineConsumer {
        void accept(long seq, String line) throws IOException;
    }

    /** The records after a sequence number, in chain order, at most {@code limit}, each as its JSON Lines export line. */
    public void jsonLinesAfter(long afterSeq, int limit, LineConsumer consumer) throws IOException {
        auditRows.eachStored(new AuditFilter(" where " + AuditColumn.SEQ + " > ?", List.of(afterSeq)), " order by " + AuditColumn.SEQ + " limit " + limit,
                row -> consumer.accept(row.seq(), jsonLine(row)));
    }

    static String jsonLine(AuditRows.StoredRecord row) throws IOException {
        ObjectNode record = JSON.createObjectNode();
        record.put("seq", row.seq());
        record.setAll(row.content());
        record.put("prevHash", row.prevHash());
        record.put("hash", row.hash());
        record.put("canonical", row.hashedText());
        return JSON.writeValueAsString(record);
    }
}
