package io.aigov.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The canonical text a record's hash covers never changes: records written years ago must verify.
 * The expected text was produced by the first implementation; any rewrite must give it byte for byte.
 */
class AuditChainCanonicalTest {

    private static final String CONTENT = """
            {"zeta": 1, "alpha": {"b": [3, 8.0, 0.1, 1e20, -0.0, 12345678901234, true, false, null, [], {}], "a": "x"},
             "text": "quote \\" backslash \\\\ slash / newline \\n tab \\t bell \\u0001 separator \\u2028 e\\u0301 \\u00e9 \\ud83d\\ude00",
             "\\u00e9t\\u00e9": "accented key", "Zed": "upper before lower", "_": "underscore", "": "empty key",
             "nested": [{"y": 2, "x": 1}, {"b": {"d": null, "c": "deep"}}]}
            """;

    /** The hash after the genesis hash of the text the first implementation gave, so every byte counts. */
    private static final String CANONICAL_HASH = "b97f0dd9de8f13da9e904abc8c6f1076298bd8de2e1a51e604a9fc837cb3be09";

    @Test
    void theCanonicalTextIsSortedCompactJsonAsItAlwaysWas() throws JsonProcessingException {
        String canonical = AuditChain.canonical(new ObjectMapper().readTree(CONTENT));
        assertEquals(CANONICAL_HASH, AuditChain.hash(AuditChain.GENESIS, canonical), canonical);
    }
}
