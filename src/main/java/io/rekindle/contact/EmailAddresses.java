package io.rekindle.contact;

import java.net.IDN;
import java.util.EnumSet;
import java.util.Locale;

import io.rekindle.system.FieldProblemException;

/**
 * The address we store is the one mail will really go to. Our SMTP delivery is plain ASCII (no SMTPUTF8), so a
 * non-ASCII local part is refused; an internationalised domain is stored in its ASCII form ({@code café.fr} →
 * {@code xn--caf-dma.fr}), which is what the mail server resolves; and a domain label mixing scripts
 * ({@code exаmple} with a Cyrillic « а ») is refused as a look-alike of another domain.
 */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    /** The ASCII address to store and send to; a 400 problem on field {@code email} otherwise. */
    public static String ascii(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new FieldProblemException("email", "must be a valid email address");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!local.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new FieldProblemException("email", "must have a plain ASCII part before the @ "
                    + "(addresses that need SMTPUTF8 are not supported)");
        }
        for (String label : domain.split("\\.", -1)) {
            if (mixesScripts(label)) {
                throw new FieldProblemException("email", "has a domain that mixes alphabets (a look-alike of "
                        + "another domain?)");
            }
        }
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            throw new FieldProblemException("email", "has a domain that is not a valid domain name");
        }
        if (!asciiDomain.contains(".") || asciiDomain.startsWith(".") || asciiDomain.endsWith(".")) {
            throw new FieldProblemException("email", "must be a valid email address");
        }
        return local + "@" + asciiDomain;
    }

    private static boolean mixesScripts(String label) {
        var scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        label.codePoints().filter(Character::isLetter).forEach(c -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED) {
                scripts.add(script);
            }
        });
        return scripts.size() > 1;
    }
}
