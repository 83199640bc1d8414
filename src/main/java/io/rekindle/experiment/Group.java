package io.rekindle.experiment;

import java.time.Instant;

/**
 * A contact's arm in one experiment ({@code global-control}, {@code holdout:<journey>}): {@code recorded} when it is
 * written with the contact (and so fixed), otherwise what the hash says under today's configuration, for a contact
 * the experiment has not reached yet ({@code assignedAt} null).
 */
public record Group(String experiment, String arm, boolean recorded, Instant assignedAt) {
}
