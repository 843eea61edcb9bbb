package io.aigov.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A signed statement that the chain, verified, ended at {@code seq} with {@code hash} at
 * {@code signedAt}. Kept outside the database too, it proves later that no record up to there was
 * rewritten or cut off, even by someone who could recompute every hash in the database.
 *
 * @param keyId     which key signed it: the first 16 hex digits of the SHA-256 of the public key's X.509 encoding
 * @param signature Ed25519 signature over {@link #signedText()}, base64
 */
public record Checkpoint(long seq, String hash, Instant signedAt, String keyId, String signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditChain.Head head() {
        return new AuditChain.Head(seq, hash);
    }

    /** The bytes signed, as UTF-8: the canonical JSON (as for records) of hash, seq and signedAt. */
    public String signedText() {
        return signedText(seq, hash, signedAt);
    }

    static String signedText(long seq, String hash, Instant signedAt) {
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("seq", seq);
        signed.put("hash", hash);
        signed.put("signedAt", signedAt.toString());
        return AuditChain.canonical(JSON.valueToTree(signed));
    }

    /** One JSON object, as the checkpoint file holds one per line. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", seq);
        json.put("hash", hash);
        json.put("signedAt", signedAt.toString());
        json.put("keyId", keyId);
        json.put("signature", signature);
        return JSON.valueToTree(json).toString();
    }

    /**
     * Reads a checkpoint as {@link #toJson()} writes it.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static Checkpoint fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a checkpoint is a JSON object");
        }
        JsonNode seq = json.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 1) {
            throw new IllegalArgumentException("seq: must be a whole number from 1");
        }
        String hash = text(json, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash: must be 64 lower-case hex digits");
        }
        Instant signedAt;
        try {
            signedAt = Instant.parse(text(json, "signedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("signedAt: must be an instant such as 2026-11-28T10:00:00Z");
        }
        return new Checkpoint(seq.asLong(), hash, signedAt, text(json, "keyId"), text(json, "signature"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 200) {
            throw new IllegalArgumentException(field + ": must be a non-empty string");
        }
        return value.asText();
    }
}
