package io.rekindle.imports;

/** The posted file has no row to import: a 400 problem. */
class EmptyImportException extends RuntimeException {

    EmptyImportException() {
        super("The file is empty: it has no row to import.");
    }
}
