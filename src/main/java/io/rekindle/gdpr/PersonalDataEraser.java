package io.rekindle.gdpr;

/**
 * One feature's share of a GDPR erasure. Every table (or engine store) that keeps personal data of a
 * contact has one implementation, a Spring bean; {@link GdprErasure} calls them all, inside the one
 * transaction that erases a contact: if any of them fails, nothing of that contact is erased.
 * <p>
 * A new feature that stores something personal per contact (say {@code survey_answer}: free text) adds
 * a {@code @Component} implementing this interface next to its repository, and it is erased from then on.
 * An implementation must
 * <ul>
 *   <li>erase or anonymise every personal field it keeps for the contact (names, addresses, free text,
 *       rendered messages, identifiers other systems could trace back), and keep what only counts
 *       (types, times, amounts), so figures still add up;</li>
 *   <li>be idempotent (a contact can be erased again after a crash);</li>
 *   <li>log nothing but the contact id.</li>
 * </ul>
 * Order: our tables ({@code @Order(10)}), then the engine's journeys and history ({@code @Order(100)}),
 * then any eraser without an order. The order does not change the outcome: all commit together.
 */
public interface PersonalDataEraser {

    /** A short, stable name of what is erased (usually the table): shown in the erasure log. */
    String name();

    /** Erases this contact's personal data; returns how many records were touched. */
    int erase(long contactId);
}
