package io.aigov.shared;

/** Cells of a CSV export as a spreadsheet may safely open them. */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    /** The cell, with an apostrophe before it when a spreadsheet would run it as a formula (starting with =, +, - or @). */
    public static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' ? "'" + cell : cell;
    }
}
