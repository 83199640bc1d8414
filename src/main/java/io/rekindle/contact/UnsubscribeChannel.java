package io.rekindle.contact;

/** What an UNSUBSCRIBED event stops: marketing email, marketing SMS, or both. */
public enum UnsubscribeChannel {
    EMAIL, SMS, ALL;

    boolean email() {
        return this != SMS;
    }

    boolean sms() {
        return this != EMAIL;
    }
}
