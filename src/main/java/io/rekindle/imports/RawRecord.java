package io.rekindle.imports;

/**
 * One record of the file as read: the line it starts on, its values by {@link io.rekindle.contact.ContactField}
 * ordinal (null: no value), or why it could not even be read ({@code error}).
 */
record RawRecord(long line, String[] values, String error) {
}
