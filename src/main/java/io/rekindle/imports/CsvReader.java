package io.rekindle.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.rekindle.contact.ContactField;
import io.rekindle.system.InvalidRequestException;

/**
 * RFC 4180 CSV, read byte by byte (the delimiters are ASCII, so UTF-8 text passes through whole): comma-separated,
 * fields in double quotes may hold commas, line breaks and doubled quotes; CRLF or LF line ends; a UTF-8 byte order
 * mark is skipped; blank lines are skipped; cells are trimmed. The header line names the fields
 * ({@link ContactField#apiName()}, any case).
 */
final class CsvReader implements RecordReader {

    private static final Map<String, ContactField> BY_NAME = java.util.Arrays.stream(ContactField.values())
            .collect(Collectors.toMap(f -> f.apiName().toLowerCase(Locale.ROOT), Function.identity()));

    private final InputStream stream;
    private final ByteInput in;
    private final ContactField[] columns;
    private final ByteInput.Bytes field = new ByteInput.Bytes();
    private long line;
    private long recordLine;
    private String malformed;

    private CsvReader(InputStream stream, long offset, long line, ContactField[] columns) {
        this.stream = stream;
        this.in = new ByteInput(stream, offset);
        this.line = line;
        this.columns = columns;
    }

    /** The header of a file: its columns, and where the first record starts. */
    record Header(ContactField[] columns, long endOffset, long nextLine) {
    }

    /**
     * Reads and checks the header line: every column a known field, none twice, externalId among them; a 422
     * problem otherwise (a 400 when there is no line at all).
     */
    static Header header(InputStream stream) throws IOException {
        CsvReader reader = new CsvReader(stream, 0, 1, new ContactField[0]);
        if (reader.in.peek() == 0xEF) {
            reader.in.read();
            reader.in.read();
            reader.in.read();
        }
        List<String> names = reader.cells();
        if (names == null) {
            throw new EmptyImportException();
        }
        List<String> unknown = new ArrayList<>();
        Set<ContactField> seen = new HashSet<>();
        ContactField[] columns = new ContactField[names.size()];
        for (int i = 0; i < names.size(); i++) {
            ContactField f = BY_NAME.get(names.get(i).toLowerCase(Locale.ROOT));
            if (f == null) {
                unknown.add(abbreviated(names.get(i)));
            } else if (!seen.add(f)) {
                throw new InvalidRequestException("The header names column '" + f.apiName() + "' twice.");
            }
            columns[i] = f;
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("The header names unknown columns " + unknown + "; the columns are "
                    + java.util.Arrays.stream(ContactField.values()).map(ContactField::apiName).toList() + ".");
        }
        if (!seen.contains(ContactField.EXTERNAL_ID)) {
            throw new InvalidRequestException("The header has no column 'externalId': every row needs the"
                    + " company's id of the contact (the first line of the file must name the columns).");
        }
        return new Header(columns, reader.in.offset(), reader.line);
    }

    /** A reader of the records after the header, from a checkpoint (or the header's end). */
    static CsvReader records(InputStream streamAtOffset, long offset, long line, Header header) {
        return new CsvReader(streamAtOffset, offset, line, header.columns());
    }

    @Override
    public RawRecord next() throws IOException {
        List<String> cells = cells();
        long start = recordLine;
        if (cells == null) {
            return null;
        }
        String[] values = new String[ContactField.values().length];
        if (malformed != null) {
            return new RawRecord(start, values, malformed);
        }
        if (cells.size() != columns.length) {
            return new RawRecord(start, values, "has " + cells.size() + " cells where the header names "
                    + columns.length + " columns");
        }
        for (int i = 0; i < columns.length; i++) {
            String cell = cells.get(i).strip();
            values[columns[i].ordinal()] = cell.isEmpty() ? null : cell;
        }
        return new RawRecord(start, values, null);
    }

    /** The next record's cells, skipping blank lines; null at the end of the file. */
    private List<String> cells() throws IOException {
        while (true) {
            malformed = null;
            if (in.peek() == ByteInput.EOF) {
                return null;
            }
            List<String> cells = new ArrayList<>(columns.length > 0 ? columns.length : 16);
            recordLine = line;
            boolean blank = readRecord(cells);
            if (!blank) {
                return cells;
            }
        }
    }

    /** Reads one record into {@code cells}; true when it was a blank line. */
    private boolean readRecord(List<String> cells) throws IOException {
        field.clear();
        boolean quoted = false;
        boolean inQuotes = false;
        boolean anything = false;
        while (true) {
            int b = in.read();
            if (inQuotes) {
                if (b == ByteInput.EOF) {
                    malformed = "has a quoted field that is never closed";
                    cells.add(field.text());
                    return false;
                } else if (b == '"') {
                    if (in.peek() == '"') {
                        in.read();
                        field.add('"');
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (b == '\n') {
                        line++;
                    }
                    field.add(b);
                }
                continue;
            }
            switch (b) {
                case ',' -> {
                    cells.add(field.text());
                    field.clear();
                    quoted = false;
                    anything = true;
                }
                case '\r', '\n', ByteInput.EOF -> {
                    if (b == '\r' && in.peek() == '\n') {
                        in.read();
                    }
                    if (b != ByteInput.EOF) {
                        line++;
                    }
                    if (!anything && !quoted && field.length() == 0) {
                        return true;
                    }
                    cells.add(field.text());
                    return false;
                }
                case '"' -> {
                    if (field.length() == 0 && !quoted) {
                        quoted = true;
                        inQuotes = true;
                    } else {
                        field.add(b);
                    }
                    anything = true;
                }
                default -> {
                    field.add(b);
                    anything = true;
                }
            }
        }
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

    static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
