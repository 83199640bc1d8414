package io.rekindle.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What one address received at a GreenMail server, in the order it arrived. */
public final class Inbox {

    private Inbox() {
    }

    /** Every email to {@code address}. */
    public static List<MimeMessage> to(GreenMail smtp, String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The emails to {@code address} after its welcome: what the later steps sent. */
    public static List<MimeMessage> afterWelcome(GreenMail smtp, String address) {
        return to(smtp, address).stream().filter(m -> !Welcomes.isWelcome(m)).toList();
    }
}
