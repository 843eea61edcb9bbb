package io.aigov.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tamper-evident chain over audit records. A record's hash is the SHA-256, in lower-case hex,
 * of the previous record's hash (64 zeros for the first) followed by the record's canonical JSON:
 * the fields below, object keys sorted at every level, no white space, UTF-8. The sequence number
 * is not hashed: it is the position, which the links check.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    /** The latest record of the chain, worth writing down elsewhere to prove later that the log only grew. */
    public record Head(long seq, String hash) {
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditChain() {
    }

    public static String canonical(AuditRecord record) {
        return canonical(AuditColumn.content(record));
    }

    /** The canonical text of a record's content given as JSON, such as its columns as stored. */
    public static String canonical(JsonNode content) {
        // Jackson's own writer for text, which StringWriter's synchronised buffer would slow down.
        SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            write(content, generator);
            generator.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
    }

    public static String hash(String prevHash, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Links a new record, whose canonical text is given, after the head (seq, hash) of the chain, or as the first record. */
    static void link(AuditRecord record, String canonical, Long headSeq, String headHash) {
        record.seq = headSeq == null ? 1 : headSeq + 1;
        record.prevHash = headHash == null ? GENESIS : headHash;
        record.hash = hash(record.prevHash, canonical);
    }

    /**
     * Compact JSON with every object's names in order: one generator for the whole text, each value
     * written as Jackson writes it. The values records hold are written here directly, as their
     * nodes write themselves; any other goes through the mapper, which costs a serialiser set-up each.
     */
    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                String[] names = new String[node.size()];
                Iterator<String> fields = node.fieldNames();
                for (int i = 0; i < names.length; i++) {
                    names[i] = fields.next();
                }
                Arrays.sort(names);
                for (String name : names) {
                    out.writeFieldName(name);
                    write(node.get(name), out);
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(element, out);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                if (node.isInt()) {
                    out.writeNumber(node.intValue());
                } else if (node.isLong()) {
                    out.writeNumber(node.longValue());
                } else if (node.isDouble()) {
                    out.writeNumber(node.doubleValue());
                } else {
                    JSON.writeTree(out, node);
                }
            }
            default -> JSON.writeTree(out, node);
        }
    }
}
