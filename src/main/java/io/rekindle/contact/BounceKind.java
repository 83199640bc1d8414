package io.rekindle.contact;

/** What the provider said of an email: HARD (the address does not exist) or SOFT (full mailbox, try later). */
public enum BounceKind {
    HARD, SOFT
}
