package io.rekindle.contact;

/**
 * The contact's fields a company's system may set in bulk (an import of its base), by the name it uses, with the
 * column that holds each and the kind of value. {@link ContactBulkStore} reads and writes them by this list.
 */
public enum ContactField {
    EXTERNAL_ID("externalId", "external_id", Kind.TEXT),
    EMAIL("email", "email", Kind.TEXT),
    PHONE("phone", "phone", Kind.TEXT),
    FIRST_NAME("firstName", "first_name", Kind.TEXT),
    LOCALE("locale", "locale", Kind.TEXT),
    SIGNED_UP_AT("signedUpAt", "signed_up_at", Kind.INSTANT),
    EMAIL_CONSENT("emailConsent", "email_consent", Kind.BOOLEAN),
    EMAIL_CONSENT_AT("emailConsentAt", "email_consent_at", Kind.INSTANT),
    EMAIL_CONSENT_SOURCE("emailConsentSource", "email_consent_source", Kind.TEXT),
    SMS_CONSENT("smsConsent", "sms_consent", Kind.BOOLEAN),
    SMS_CONSENT_AT("smsConsentAt", "sms_consent_at", Kind.INSTANT),
    SMS_CONSENT_SOURCE("smsConsentSource", "sms_consent_source", Kind.TEXT),
    EMAIL_STATUS("emailStatus", "email_status", Kind.TEXT),
    LAST_PURCHASE_AT("lastPurchaseAt", "last_purchase_at", Kind.INSTANT),
    LAST_VISIT_AT("lastVisitAt", "last_visit_at", Kind.INSTANT),
    LAST_EMAIL_OPEN_AT("lastEmailOpenAt", "last_email_open_at", Kind.INSTANT),
    LAST_EMAIL_CLICK_AT("lastEmailClickAt", "last_email_click_at", Kind.INSTANT),
    PURCHASE_COUNT("purchaseCount", "purchase_count", Kind.INTEGER),
    REVENUE("revenue", "revenue", Kind.DECIMAL),
    LOYALTY_POINTS("loyaltyPoints", "loyalty_points", Kind.INTEGER);

    /** The Java type of a field's value: String, Instant, Boolean, Integer or BigDecimal. */
    public enum Kind {
        TEXT, INSTANT, BOOLEAN, INTEGER, DECIMAL
    }

    private final String apiName;
    private final String column;
    private final Kind kind;

    ContactField(String apiName, String column, Kind kind) {
        this.apiName = apiName;
        this.column = column;
        this.kind = kind;
    }

    /** The name in the API, in an import's header and in the contact's change history. */
    public String apiName() {
        return apiName;
    }

    String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }
}
