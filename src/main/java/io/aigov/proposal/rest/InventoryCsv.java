package io.aigov.proposal.rest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.aigov.proposal.rest.InventoryResource.InventoryItem;
import io.aigov.shared.SpreadsheetCells;

/** The inventory as CSV (RFC 4180), each cell safe to open in a spreadsheet. */
final class InventoryCsv {

    static final List<String> COLUMNS = List.of("id", "title", "business_owner", "owner", "state", "approach", "verdict", "exposures",
            "ruleset_version", "flag_reason", "upcoming", "updated_at");
    private static final CsvMapper CSV = new CsvMapper();

    private InventoryCsv() {
    }

    static String of(List<InventoryItem> items) {
        CsvSchema schema = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.STRING).build().withHeader()
                .withLineSeparator("\r\n");
        StringWriter text = new StringWriter();
        // Lets spreadsheets recognise UTF-8.
        text.write('\uFEFF');
        try (SequenceWriter rows = CSV.writer(schema).writeValues(text)) {
            for (InventoryItem item : items) {
                rows.write(List.of(item.id().toString(), item.title(), item.owner(), item.submittedBy(), item.state().name(),
                        item.approach().name(), item.verdict().name(),
                        item.exposures().stream().map(e -> e.regime() + ":" + e.level()).collect(Collectors.joining("; ")),
                        item.rulesetVersion(), Objects.toString(item.flagReason(), ""),
                        item.upcoming().stream().map(change -> change.date() + ": " + String.join(", ", change.changes()))
                                .collect(Collectors.joining("; ")),
                        item.updatedAt().toString())
                        .stream().map(SpreadsheetCells::safe).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string does not fail", e);
        }
        return text.toString();
    }
}
