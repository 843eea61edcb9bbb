package io.aigov.ruleset.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits DRL text into identifiers and symbols, leaving out comments, string and character
 * literals and numbers: what is left is every name the code could use.
 */
final class DrlTokens {

    private DrlTokens() {
    }

    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = ++i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("//", i) || c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (int j = i; j < end; j++) {
                    if (text.charAt(j) == '\n') {
                        line++;
                        lineStart = j + 1;
                    }
                }
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(j + 1, text.length());
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < text.length() && Character.isJavaIdentifierPart(text.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(text.substring(i, j), line, i - lineStart + 1));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                i = j;
            } else {
                tokens.add(new Token(String.valueOf(c), line, i - lineStart + 1));
                i++;
            }
        }
        return tokens;
    }
}
