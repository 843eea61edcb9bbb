package io.aigov.audit;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;

/**
 * The columns of {@code audit_log} and what each holds of a record: the one mapping that writing,
 * reading, searching, exporting and verifying the chain share. A column's content key is where its
 * value sits in the record's canonical content (a dotted key for the two scores, which the content
 * nests); the chain's own columns (its place, its hash, the text the hash covers) have none. A
 * kind of record holds only the columns it has; the others stay empty.
 */
enum AuditColumn {

    ID("id", "id", Type.UUID, Holders.ALL, r -> r.id),
    SEQ("seq", null, Type.LONG, Holders.ALL, r -> r.seq),
    PREV_HASH("prev_hash", null, Type.TEXT, Holders.ALL, r -> r.prevHash),
    HASH("hash", null, Type.TEXT, Holders.ALL, r -> r.hash),
    CANONICAL("canonical", null, Type.TEXT, Holders.ALL, r -> r.canonical),
    EVALUATED_AT("evaluated_at", "evaluatedAt", Type.TIMESTAMP, Holders.ALL, r -> r.evaluatedAt),
    REQUESTED_BY("requested_by", "requestedBy", Type.TEXT, Holders.ALL, r -> r.requestedBy),
    RULESET_VERSION("ruleset_version", "rulesetVersion", Type.TEXT, Holders.DECISIONS, outcome(Decision::rulesetVersion)),
    NAME("use_case_name", "name", Type.TEXT, Holders.DECISIONS, AuditRecord::useCaseName),
    APPROACH("approach", "approach", Type.TEXT, Holders.DECISIONS, outcome(d -> name(d.approach()))),
    RAG_RECOMMENDED("rag_recommended", "ragRecommended", Type.BOOLEAN, Holders.DECISIONS, outcome(Decision::ragRecommended)),
    VERDICT("verdict", "verdict", Type.TEXT, Holders.DECISIONS, outcome(d -> name(d.verdict()))),
    SCORE_PROMPTING("score_prompting", "scores.prompting", Type.DOUBLE, Holders.DECISIONS, outcome(d -> d.scores().prompting())),
    SCORE_FINE_TUNING("score_fine_tuning", "scores.fineTuning", Type.DOUBLE, Holders.DECISIONS, outcome(d -> d.scores().fineTuning())),
    EXPOSURES("exposures", "exposures", Type.json(new TypeReference<List<Exposure>>() { }), Holders.DECISIONS,
            outcome(Decision::exposures)),
    FIRED_RULES("fired_rules", "firedRules", Type.json(new TypeReference<List<FiredRule>>() { }), Holders.DECISIONS,
            outcome(Decision::firedRules)),
    WARNINGS("warnings", "warnings", Type.json(new TypeReference<List<String>>() { }), Holders.DECISIONS, outcome(Decision::warnings)),
    INPUT("input", "input", Type.json(new TypeReference<UseCase>() { }), Holders.DECISIONS, r -> r.input),
    MASKED_FIELDS("masked_fields", "maskedFields", Type.json(new TypeReference<List<String>>() { }), Holders.DECISIONS,
            r -> r.maskedFields),
    /** In the content of every kind of record but evaluations, which hash as they did before there were other kinds. */
    KIND("kind", "kind", Type.TEXT, Holders.ALL, r -> r.kind.name()),
    DECISION("decision", "decision", Type.json(new TypeReference<BoardDecision>() { }), EnumSet.of(AuditKind.BOARD_DECISION),
            r -> r.decision),
    EVENT("event", "event", Type.json(new TypeReference<AuditEvent>() { }), Holders.EVENTS, r -> r.event),
    /** Left out of the content when empty: evaluations written before it hash as they did. */
    COUNTERFACTUALS("counterfactuals", "counterfactuals", Type.json(new TypeReference<Counterfactuals>() { }),
            EnumSet.of(AuditKind.EVALUATION, AuditKind.COUNTERFACTUALS), r -> r.counterfactuals),
    /** The evaluation whose counterfactuals a {@link AuditKind#COUNTERFACTUALS} record completes. */
    COMPLETES("completes", "completes", Type.UUID, EnumSet.of(AuditKind.COUNTERFACTUALS), r -> r.completes);

    /** The kinds of record that hold a column. */
    private static final class Holders {
        static final Set<AuditKind> ALL = EnumSet.allOf(AuditKind.class);
        static final Set<AuditKind> DECISIONS = EnumSet.of(AuditKind.EVALUATION, AuditKind.BOARD_DECISION);
        static final Set<AuditKind> EVENTS = EnumSet.copyOf(Arrays.stream(AuditKind.values()).filter(AuditKind::isEvent).toList());
    }

    /**
     * Reads today's classes from JSON written by any earlier version: a field since removed from a
     * class is passed over (the canonical text and the columns as stored keep it for verification).
     * In a class of its own, so that it is there while the constants above are made.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Every column, in the order of {@link #LIST}: what an insert binds and a select reads. */
    static final List<AuditColumn> ALL = List.of(values());
    /** The columns as SQL lists them, for {@code insert} and {@code select}. */
    static final String LIST = ALL.stream().map(column -> column.name).collect(Collectors.joining(", "));

    final String name;
    private final String key;
    private final Type type;
    private final Set<AuditKind> holders;
    private final Function<AuditRecord, Object> value;

    AuditColumn(String name, String key, Type type, Set<AuditKind> holders, Function<AuditRecord, Object> value) {
        this.name = name;
        this.key = key;
        this.type = type;
        this.holders = holders;
        this.value = value;
    }

    /** A column's value taken from the decision the record holds; empty for records without one. */
    private static Function<AuditRecord, Object> outcome(Function<Decision, Object> value) {
        return record -> record.outcome == null ? null : value.apply(record.outcome);
    }

    private static String name(Enum<?> constant) {
        return constant == null ? null : constant.name();
    }

    /** One place of a statement's parameters, 1 for the first column. */
    int position() {
        return ordinal() + 1;
    }

    /** Whether a record of this kind has this column in its canonical content. */
    private boolean inContentOf(AuditKind kind) {
        return key != null && holders.contains(kind) && !(this == KIND && kind == AuditKind.EVALUATION);
    }

    /** Whether the content holds this value: a column added since the chain began is there only when it holds one. */
    private boolean inContent(JsonNode value) {
        return this != COUNTERFACTUALS || !value.isNull();
    }

    /**
     * A record's values for every column, JSON written as text, so that the one writer of the chain
     * spends no time on it; the chain's own columns are bound from the record once it is linked.
     */
    static Object[] prepare(AuditRecord record) {
        Object[] values = new Object[ALL.size()];
        for (AuditColumn column : ALL) {
            if (column.key != null) {
                values[column.ordinal()] = column.type.prepared(column.value.apply(record));
            }
        }
        return values;
    }

    /** Binds every column of an insert: the chain's columns from the linked record, the others as prepared. */
    static void bind(PreparedStatement insert, AuditRecord linked, Object[] prepared) throws SQLException {
        for (AuditColumn column : ALL) {
            Object value = column.key == null ? column.value.apply(linked) : prepared[column.ordinal()];
            column.type.bind(insert, column.position(), value);
        }
    }

    /** The placeholder of this column in an insert: JSON text is cast to jsonb. */
    private String placeholder() {
        return type.sql == Type.Sql.JSON ? "?::jsonb" : "?";
    }

    /** Inserts a record with every column. */
    static final String INSERT = "insert into audit_log (" + LIST + ") values ("
            + ALL.stream().map(AuditColumn::placeholder).collect(Collectors.joining(", ")) + ")";

    /**
     * The values of the given columns of a row, which holds them in that order, as today's classes
     * read them: an array with a place for every column, by ordinal; the others stay empty.
     */
    static Object[] values(ResultSet row, AuditColumn... columns) throws SQLException {
        Object[] values = new Object[ALL.size()];
        for (int i = 0; i < columns.length; i++) {
            values[columns[i].ordinal()] = columns[i].type.read(row, i + 1);
        }
        return values;
    }

    /** This column's value among values read by {@link #values}. */
    @SuppressWarnings("unchecked")
    <T> T in(Object[] values) {
        return (T) values[ordinal()];
    }

    /** A record of today's classes from a row that holds every column, in the order of {@link #ALL}. */
    static AuditRecord record(ResultSet row) throws SQLException {
        Object[] values = values(row, ALL.toArray(AuditColumn[]::new));
        AuditKind kind = AuditKind.valueOf(KIND.in(values));
        Decision outcome = kind.isDecision() ? new Decision(APPROACH.approach(values), Boolean.TRUE.equals(RAG_RECOMMENDED.in(values)),
                VERDICT.verdict(values), new Scores(SCORE_PROMPTING.score(values), SCORE_FINE_TUNING.score(values)), EXPOSURES.in(values),
                FIRED_RULES.in(values), WARNINGS.in(values), RULESET_VERSION.in(values)) : null;
        AuditRecord record = new AuditRecord(ID.in(values), kind, EVALUATED_AT.in(values), REQUESTED_BY.in(values), INPUT.in(values),
                MASKED_FIELDS.in(values), outcome, DECISION.in(values), EVENT.in(values), COUNTERFACTUALS.in(values), COMPLETES.in(values));
        record.seq = SEQ.<Long>in(values);
        record.prevHash = PREV_HASH.in(values);
        record.hash = HASH.in(values);
        record.canonical = CANONICAL.in(values);
        return record;
    }

    /** The approach among values read by {@link #values}. */
    Approach approach(Object[] values) {
        String approach = in(values);
        return approach == null ? null : Approach.valueOf(approach);
    }

    /** The verdict among values read by {@link #values}. */
    Verdict verdict(Object[] values) {
        String verdict = in(values);
        return verdict == null ? null : Verdict.valueOf(verdict);
    }

    private double score(Object[] values) {
        Double score = in(values);
        return score == null ? Double.NaN : score;
    }

    /** Canonical text read back as JSON, to compare with the content of the columns. */
    static JsonNode parse(String canonical) throws IOException {
        return Json.MAPPER.readTree(canonical);
    }

    /**
     * What a record says, as its hash covers it, from its values: the columns its kind has, each
     * under its content key, as Json.MAPPER.
     */
    static ObjectNode content(AuditRecord record) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        for (AuditColumn column : ALL) {
            if (column.inContentOf(record.kind)) {
                JsonNode value = column.type.tree(column.value.apply(record));
                if (column.inContent(value)) {
                    column.put(content, value);
                }
            }
        }
        return content;
    }

    /**
     * What a stored record says, from its columns as the database holds them (their own JSON, never
     * through today's classes, so a field added to a class since changes nothing). A column its kind
     * does not have holds nothing; a value put there is content its hash does not cover, so it joins
     * the content under the column's name and verification finds the record altered.
     */
    static ObjectNode storedContent(ResultSet row) throws SQLException, IOException {
        AuditKind kind = AuditKind.valueOf(row.getString(KIND.position()));
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        for (AuditColumn column : ALL) {
            if (column.key == null) {
                continue;
            }
            JsonNode stored = column.type.stored(row, column.position());
            if (column.inContentOf(kind)) {
                if (column.inContent(stored)) {
                    column.put(content, stored);
                }
            } else if (!stored.isNull() && column != KIND) {
                content.set(column.name, stored);
            }
        }
        return content;
    }

    private void put(ObjectNode content, JsonNode value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            content.set(key, value);
        } else {
            ObjectNode nested = content.has(key.substring(0, dot)) ? (ObjectNode) content.get(key.substring(0, dot))
                    : content.putObject(key.substring(0, dot));
            nested.set(key.substring(dot + 1), value);
        }
    }

    /** The chain's own fields beside the content in an export line: position, link, hash and the text it covers. */
    static final Set<String> CHAIN_FIELDS = Set.of("seq", "prevHash", "hash", "canonical");

    /** How a column's value is bound, read into today's classes, read as stored JSON, and put into the content. */
    private record Type(Sql sql, JavaType json) {

        enum Sql {
            UUID,
            LONG,
            TEXT,
            TIMESTAMP,
            BOOLEAN,
            DOUBLE,
            JSON
        }

        static final Type UUID = new Type(Sql.UUID, null);
        static final Type LONG = new Type(Sql.LONG, null);
        static final Type TEXT = new Type(Sql.TEXT, null);
        static final Type TIMESTAMP = new Type(Sql.TIMESTAMP, null);
        static final Type BOOLEAN = new Type(Sql.BOOLEAN, null);
        static final Type DOUBLE = new Type(Sql.DOUBLE, null);

        static Type json(TypeReference<?> type) {
            return new Type(Sql.JSON, Json.MAPPER.getTypeFactory().constructType(type));
        }

        /** A value as it is bound: JSON columns written as their text. */
        Object prepared(Object value) {
            if (sql != Sql.JSON || value == null) {
                return value;
            }
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an audit record could not be serialised", e);
            }
        }

        /** Binds a prepared value. */
        void bind(PreparedStatement statement, int position, Object value) throws SQLException {
            switch (sql) {
                case JSON -> statement.setString(position, (String) value);
                case TIMESTAMP -> statement.setObject(position, value == null ? null : ((Instant) value).atOffset(ZoneOffset.UTC));
                case UUID -> statement.setObject(position, value);
                case LONG -> statement.setObject(position, value, Types.BIGINT);
                case BOOLEAN -> statement.setObject(position, value, Types.BOOLEAN);
                case DOUBLE -> statement.setObject(position, value, Types.DOUBLE);
                case TEXT -> statement.setString(position, (String) value);
            }
        }

        Object read(ResultSet row, int position) throws SQLException {
            Object value = switch (sql) {
                case JSON -> {
                    String text = row.getString(position);
                    try {
                        yield text == null ? null : Json.MAPPER.readValue(text, json);
                    } catch (JsonProcessingException e) {
                        throw new SQLException("an audit record's JSON column does not hold " + json, e);
                    }
                }
                case TIMESTAMP -> {
                    OffsetDateTime at = row.getObject(position, OffsetDateTime.class);
                    yield at == null ? null : at.toInstant();
                }
                case UUID -> row.getObject(position, java.util.UUID.class);
                case LONG -> row.getLong(position);
                case BOOLEAN -> row.getBoolean(position);
                case DOUBLE -> row.getDouble(position);
                case TEXT -> row.getString(position);
            };
            return row.wasNull() ? null : value;
        }

        JsonNode stored(ResultSet row, int position) throws SQLException, IOException {
            Object value = sql == Sql.JSON ? row.getString(position) : read(row, position);
            if (value == null) {
                return JsonNodeFactory.instance.nullNode();
            }
            return sql == Sql.JSON ? Json.MAPPER.readTree((String) value) : tree(value);
        }

        /** A value as the content holds it: times as ISO-8601 text, the rest as Jackson writes it. */
        JsonNode tree(Object value) {
            if (value == null) {
                return JsonNodeFactory.instance.nullNode();
            }
            return sql == Sql.TIMESTAMP ? JsonNodeFactory.instance.textNode(value.toString()) : Json.MAPPER.valueToTree(value);
        }
    }

    /** The SQL names of the columns, by enum constant, for the statements that name a few of them. */
    @Override
    public String toString() {
        return name;
    }

    static String names(AuditColumn... columns) {
        return Arrays.stream(columns).map(column -> column.name).collect(Collectors.joining(", "));
    }
}
