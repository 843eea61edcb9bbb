package io.aigov.decision.rulefile;

import io.aigov.decision.model.RecordableText;

/**
 * Something wrong with a rule file, located as precisely as the compiler allows (0 when unknown).
 * Messages may repeat what they are about (a value, a token, a name), so any character a record may
 * not hold is kept as an escape: a report about bad text is itself always stored and shown safely.
 */
public record RuleProblem(String file, int line, int column, String message) {

    public RuleProblem {
        file = file == null ? null : RecordableText.escaped(file);
        message = message == null ? null : RecordableText.escaped(message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
