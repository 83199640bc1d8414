package io.rekindle.contact;

public enum EmailStatus {
    VALID, SOFT_BOUNCE, HARD_BOUNCE
}
