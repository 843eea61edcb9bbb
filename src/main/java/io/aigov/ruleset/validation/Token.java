package io.aigov.ruleset.validation;

/** A word or symbol of rule text, with where it stands (1-based). */
record Token(String text, int line, int column) {

    boolean is(String value) {
        return text.equals(value);
    }

    boolean identifier() {
        return Character.isJavaIdentifierStart(text.charAt(0));
    }
}
