package io.rekindle.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A buffered byte stream that knows its offset in the file and can look one byte ahead. */
final class ByteInput {

    static final int EOF = -1;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long offset;

    ByteInput(InputStream in, long offset) {
        this.in = in;
        this.offset = offset;
    }

    int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        offset++;
        return buffer[position++] & 0xff;
    }

    int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position] & 0xff;
    }

    long offset() {
        return offset;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** A growable byte array for one field or line. */
    static final class Bytes {
        private byte[] bytes = new byte[256];
        private int length;

        void add(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        int length() {
            return length;
        }

        byte[] array() {
            return bytes;
        }

        String text() {
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }

        void clear() {
            length = 0;
        }
    }
}
