package io.rekindle.experiment;

/** An arm's count for a rate: how many contacts it has and how many of them converted. */
public record Conversions(long contacts, long converted) {

    public Conversions {
        if (contacts < 0 || converted < 0 || converted > contacts) {
            throw new IllegalArgumentException(
                    "Conversions need 0 <= converted <= contacts, got " + converted + " of " + contacts + ".");
        }
    }

    /** converted / contacts; undefined (NaN) when the arm has no contacts. */
    public double rate() {
        return contacts == 0 ? Double.NaN : (double) converted / contacts;
    }
}
