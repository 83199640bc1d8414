package io.rekindle.classification;

import java.util.Locale;

/**
 * The DMN typeRefs the compiled path understands, with the value conversion the engine applies before testing a
 * cell. A value of any other Java type is not converted: the evaluation is handed to the engine instead.
 */
enum ColumnType {
    INTEGER, LONG, DOUBLE, STRING, BOOLEAN;

    static ColumnType of(String typeRef) throws NotCompilableException {
        if (typeRef == null || typeRef.isBlank()) {
            throw new NotCompilableException("column without typeRef");
        }
        return switch (typeRef.trim().toLowerCase(Locale.ROOT)) {
            case "integer" -> INTEGER;
            case "long" -> LONG;
            case "double" -> DOUBLE;
            case "string" -> STRING;
            case "boolean" -> BOOLEAN;
            default -> throw new NotCompilableException("typeRef " + typeRef + " is not supported");
        };
    }

    boolean isNumber() {
        return this == INTEGER || this == LONG || this == DOUBLE;
    }

    /** The value as a cell test sees it, or {@link #UNSUPPORTED} when only the engine knows what it would do. */
    Object accept(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case INTEGER -> value instanceof Integer ? value : UNSUPPORTED;
            case LONG -> value instanceof Long || value instanceof Integer ? value : UNSUPPORTED;
            case DOUBLE -> value instanceof Double d && Double.isFinite(d) ? value : UNSUPPORTED;
            case STRING -> value instanceof String ? value : UNSUPPORTED;
            case BOOLEAN -> value instanceof Boolean ? value : UNSUPPORTED;
        };
    }

    /** The engine's output conversion for a value taken from a variable, or {@link #UNSUPPORTED}. */
    Object convertOutput(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case INTEGER -> value instanceof Integer ? value
                    : value instanceof Long l && l == l.intValue() ? Integer.valueOf(l.intValue()) : UNSUPPORTED;
            case LONG -> value instanceof Long ? value : value instanceof Integer i ? Long.valueOf(i) : UNSUPPORTED;
            case DOUBLE -> value instanceof Double ? value : UNSUPPORTED;
            case STRING -> value instanceof String ? value : UNSUPPORTED;
            case BOOLEAN -> value instanceof Boolean ? value : UNSUPPORTED;
        };
    }

    static final Object UNSUPPORTED = new Object() {
        @Override
        public String toString() {
            return "UNSUPPORTED";
        }
    };
}
