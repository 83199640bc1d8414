package io.rekindle.imports;

/** The formats an import reads, by the media type it is posted with. */
enum ImportFormat {
    /** RFC 4180, a header line naming the fields, UTF-8. */
    CSV("text/csv"),
    /** One JSON object per line, the fields by name, UTF-8. */
    NDJSON("application/x-ndjson");

    final String mediaType;

    ImportFormat(String mediaType) {
        this.mediaType = mediaType;
    }
}
