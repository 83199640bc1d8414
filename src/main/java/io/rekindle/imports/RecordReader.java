package io.rekindle.imports;

import java.io.Closeable;
import java.io.IOException;

/** Reads an import's records one at a time from a position in the spooled file, never the whole file at once. */
interface RecordReader extends Closeable {

    /** The next record, or null at the end of the file. */
    RawRecord next() throws IOException;

    /** The byte offset right after the last record returned: where a resumed import starts reading. */
    long offset();

    /** The line the next record starts on. */
    long nextLine();
}
