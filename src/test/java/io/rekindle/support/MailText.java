package io.rekindle.support;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The plain-text body of a received email (our emails are multipart: text and HTML), where links are read from. */
public final class MailText {

    private MailText() {
    }

    /** The first text/plain part of {@code part}, searched depth first; null when it has none. */
    public static String plain(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plain(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
