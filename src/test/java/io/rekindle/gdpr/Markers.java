package io.rekindle.gdpr;

import java.util.stream.Collectors;

/** Personal data the erasure tests look for everywhere: values no two people of one test share. */
final class Markers {

    private Markers() {
    }

    /**
     * A first name made of a hex tag, letters only and one for one: "0"–"9" become "g"–"p". (Digits all read as one
     * letter made two people of one name now and then, each then found in the other's scan.)
     */
    static String firstName(String hexTag) {
        return "Zed" + hexTag.chars().mapToObj(c -> String.valueOf((char) (Character.isDigit(c) ? 'g' + (c - '0') : c)))
                .collect(Collectors.joining());
    }
}
