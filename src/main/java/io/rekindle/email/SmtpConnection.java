package io.rekindle.email;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One SMTP connection for a batch of messages, opened at the first message and closed by {@link #close()}: opening a
 * connection per message was half the dispatcher's CPU. Unlike {@code JavaMailSenderImpl.send(MimeMessage...)}, which
 * reports an array's failures only once the last message went, each {@link #send} answers for its own message at
 * once, so the dispatcher records it (SENT, retry, FAILED) before the next one: a node that dies mid-batch has
 * recorded what the server already accepted.
 * <p>
 * A connection the server dropped is opened again for the next message. Once opening failed, the connection's other
 * messages fail at once without trying again: with the server down, a batch is not a connection timeout per message.
 */
final class SmtpConnection implements AutoCloseable {

    private final JavaMailSenderImpl sender;
    private Transport transport;
    private MailException unreachable;

    SmtpConnection(JavaMailSenderImpl sender) {
        this.sender = sender;
    }

    /** Hands one message to the server; returns once it answered 250 to the message's data, throws otherwise. */
    void send(MimeMessage message) {
        connected();
        try {
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients == null ? new Address[0] : recipients);
        } catch (MessagingException e) {
            // refused (4xx, 5xx): the server reset the transaction and the connection goes on; dropped: the next
            // message opens another (isConnected asks the server, once, with a NOOP: not after every message)
            if (!transport.isConnected()) {
                closeQuietly();
            }
            throw new MailSendException("Message not accepted", e);
        }
    }

    private void connected() {
        if (unreachable != null) {
            throw unreachable;
        }
        if (transport != null) {
            return;
        }
        try {
            transport = sender.getSession().getTransport(sender.getProtocol() == null ? "smtp" : sender.getProtocol());
            // as JavaMailSenderImpl does: an empty user (an unset placeholder) means no authentication
            String user = "".equals(sender.getUsername()) ? null : sender.getUsername();
            String password = user == null && "".equals(sender.getPassword()) ? null : sender.getPassword();
            transport.connect(sender.getHost(), sender.getPort(), user, password);
        } catch (AuthenticationFailedException e) {
            transport = null;
            unreachable = new MailAuthenticationException(e);
            throw unreachable;
        } catch (MessagingException e) {
            transport = null;
            unreachable = new MailSendException("Mail server connection failed", e);
            throw unreachable;
        }
    }

    /**
     * Says QUIT. Every message of the connection was already answered (accepted or not): a failure here (QUIT
     * unanswered, the server going away right then) changes none of them, and sending one again would deliver it twice.
     */
    @Override
    public void close() throws MessagingException {
        Transport open = transport;
        transport = null;
        if (open != null) {
            open.close();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (MessagingException e) {
            // dropped already: a new connection follows
        }
    }
}
