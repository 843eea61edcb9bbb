package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.List;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;

import io.aigov.decision.ruleset.RuleProblem;

/** A rule file's text, to turn offsets in it, and positions in pieces of it, into the line and column an author sees. */
final class SourceText {

    private final String fileName;
    private final String content;
    private final List<Integer> lineStarts = new ArrayList<>();

    SourceText(String fileName, String content) {
        this.fileName = fileName;
        this.content = content;
        lineStarts.add(0);
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
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
        int line = 1;
        while (line < lineStarts.size() && lineStarts.get(line) <= clamped) {
            line++;
        }
        return new RuleProblem(fileName, line, clamped - lineStarts.get(line - 1) + 1, message);
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
    record Piece(SourceText source, String parsed, int prefix, int fileOffset) {

        RuleProblem problemAt(Node node, String message) {
            return source.problemAt(node.getBegin().map(this::fileOffset).orElse(fileOffset), message);
        }

        RuleProblem problemAt(Position position, String message) {
            return source.problemAt(fileOffset(position), message);
        }

        private int fileOffset(Position position) {
            int offset = 0;
            for (int line = 1; line < position.line && offset >= 0; line++) {
                offset = parsed.indexOf('\n', offset) + 1;
                if (offset == 0) {
                    return fileOffset;
                }
            }
            return fileOffset + Math.max(0, offset + position.column - 1 - prefix);
        }
    }
}
