package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;

import io.aigov.decision.rulefile.RuleProblem;

/** A rule file's text, to turn offsets in it, and positions in pieces of it, into the line and column an author sees. */
final class SourceText {

    private final String fileName;
    private final String content;
    private final List<Integer> lineStarts;

    SourceText(String fileName, String content) {
        this.fileName = fileName;
        this.content = content;
        this.lineStarts = lineStarts(content);
    }

    String fileName() {
        return fileName;
    }

    String content() {
        return content;
    }

    /** The offset of a 1-based line's first character. */
    int offsetOfLine(int line) {
        return lineStarts.get(Math.max(0, Math.min(line, lineStarts.size()) - 1));
    }

    RuleProblem problemAt(int offset, String message) {
        int clamped = Math.max(0, Math.min(offset, content.length()));
        int line = lineOf(lineStarts, clamped);
        return new RuleProblem(fileName, line, clamped - lineStarts.get(line - 1) + 1, message);
    }

    /** The 1-based line an offset is on, by binary search: a file with many findings is not read from the top for each. */
    private static int lineOf(List<Integer> lineStarts, int offset) {
        int found = Collections.binarySearch(lineStarts, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private static List<Integer> lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /** A 1-based line and 0-based column, as the DRL parser reports them. */
    RuleProblem problemAt(int line, int column, String message) {
        return new RuleProblem(fileName, Math.max(line, 1), Math.max(column, 0) + 1, message);
    }

    /**
     * A piece of this file parsed on its own: {@code parsed} is the text handed to the Java parser,
     * whose first {@code prefix} characters were added around the piece that starts at
     * {@code fileOffset} in the file.
     */
    static final class Piece {

        private final SourceText source;
        private final String parsed;
        private final int prefix;
        private final int fileOffset;
        /** Where each line of the parsed text starts, once a position in it is first asked for. */
        private List<Integer> parsedLineStarts;

        Piece(SourceText source, String parsed, int prefix, int fileOffset) {
            this.source = source;
            this.parsed = parsed;
            this.prefix = prefix;
            this.fileOffset = fileOffset;
        }

        SourceText source() {
            return source;
        }

        int fileOffset() {
            return fileOffset;
        }

        RuleProblem problemAt(Node node, String message) {
            return source.problemAt(node.getBegin().map(this::fileOffset).orElse(fileOffset), message);
        }

        RuleProblem problemAt(Position position, String message) {
            return source.problemAt(fileOffset(position), message);
        }

        private int fileOffset(Position position) {
            if (parsedLineStarts == null) {
                parsedLineStarts = lineStarts(parsed);
            }
            if (position.line < 1 || position.line > parsedLineStarts.size()) {
                return fileOffset;
            }
            return fileOffset + Math.max(0, parsedLineStarts.get(position.line - 1) + position.column - 1 - prefix);
        }
    }
}
