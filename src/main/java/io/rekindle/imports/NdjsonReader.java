package io.rekindle.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.contact.ContactField;

/**
 * Newline-delimited JSON: one object per line, the fields by {@link ContactField#apiName()}; text, numbers and
 * booleans (a value of null: no value); blank lines skipped. A line that is no JSON object, repeats a field or
 * names an unknown one is a rejected row, not the end of the import.
 */
final class NdjsonReader implements RecordReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, ContactField> BY_NAME = Arrays.stream(ContactField.values())
            .collect(Collectors.toMap(ContactField::apiName, Function.identity()));

    private final InputStream stream;
    private final ByteInput in;
    private final ByteInput.Bytes bytes = new ByteInput.Bytes();
    private long line;

    NdjsonReader(InputStream streamAtOffset, long offset, long line) {
        this.stream = streamAtOffset;
        this.in = new ByteInput(streamAtOffset, offset);
        this.line = line;
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            if (in.peek() == ByteInput.EOF) {
                return null;
            }
            bytes.clear();
            int b;
            while ((b = in.read()) != ByteInput.EOF && b != '\n') {
                bytes.add(b);
            }
            long at = line++;
            if (!blank()) {
                return record(at);
            }
        }
    }

    private boolean blank() {
        byte[] array = bytes.array();
        for (int i = 0; i < bytes.length(); i++) {
            if (array[i] != ' ' && array[i] != '\t' && array[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private RawRecord record(long at) {
        String[] values = new String[ContactField.values().length];
        JsonNode node;
        try {
            node = JSON.readTree(bytes.array(), 0, bytes.length());
        } catch (IOException notJson) {
            return new RawRecord(at, values, "is not a JSON object (or repeats a field)");
        }
        if (node == null || !node.isObject()) {
            return new RawRecord(at, values, "is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            ContactField field = BY_NAME.get(entry.getKey());
            if (field == null) {
                return new RawRecord(at, values, "has an unknown field '" + CsvReader.abbreviated(entry.getKey())
                        + "'");
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                return new RawRecord(at, values, field.apiName() + " must be a text, a number or a boolean");
            }
            String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
            values[field.ordinal()] = text.isBlank() ? null : text.strip();
        }
        return new RawRecord(at, values, null);
    }

    @Override
    public long offset() {
        return in.offset();
    }

    @Override
    public long nextLine() {
        return line;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
