package io.rekindle.email;

import java.util.Properties;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import io.rekindle.streams.SendingStreams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The two sending streams as the dispatcher uses them, resolved once at start-up: each setting a stream leaves unset
 * is today's single one, and a stream without a relay setting of its own shares today's {@code JavaMailSenderImpl},
 * so that a sender opens one connection for both (nothing configured: exactly the one identity and connection of
 * before). Bad settings stop the start, as {@link MailProperties} does.
 */
@Component
@ConditionalOnProperty(name = "rekindle.mail.enabled", havingValue = "true")
class StreamIdentities {

    private static final Logger log = LoggerFactory.getLogger(StreamIdentities.class);

    /**
     * One stream's identity: {@code publicUrl} without its trailing slash; {@code replyTo} null for no Reply-To
     * header; {@code relay} the stream's SMTP settings.
     */
    record Identity(String name, String from, String replyTo, String messageIdDomain, String publicUrl,
            JavaMailSenderImpl relay) {
    }

    private final Identity reactivation;
    private final Identity lifecycle;

    StreamIdentities(MailProperties mail, SendingStreams streams, JavaMailSenderImpl today,
            @Value("${rekindle.public-url}") String publicUrl) {
        this.reactivation = resolve(SendingStreams.REACTIVATION, streams.reactivation(), mail, today, publicUrl);
        this.lifecycle = resolve(SendingStreams.LIFECYCLE, streams.lifecycle(), mail, today, publicUrl);
        for (Identity identity : new Identity[] {lifecycle, reactivation}) {
            log.info("Sending stream {}: SMTP {}:{}{}, Message-ID domain {}, links under {}", identity.name(),
                    identity.relay().getHost(), identity.relay().getPort(),
                    identity.relay() == today ? " (spring.mail)" : "", identity.messageIdDomain(),
                    identity.publicUrl());
        }
    }

    /** The identity of a row's stream; a row written before streams existed (null) is lifecycle's. */
    Identity of(String stream) {
        return SendingStreams.REACTIVATION.equals(stream) ? reactivation : lifecycle;
    }

    static Identity resolve(String name, SendingStreams.Stream stream, MailProperties mail, JavaMailSenderImpl today,
            String publicUrl) {
        String prefix = "rekindle.streams." + name;
        String from = stream.from() == null ? mail.from() : checkedAddress(stream.from(), prefix + ".from");
        String replyTo = stream.replyTo() == null ? null : checkedAddress(stream.replyTo(), prefix + ".reply-to");
        String domain = stream.messageIdDomain() != null ? stream.messageIdDomain()
                : stream.from() != null ? MailProperties.domainOf(stream.from(), prefix) : mail.messageIdDomain();
        MailProperties.checkDomain(domain, prefix);
        String base = stream.publicUrl() == null ? publicUrl : stream.publicUrl();
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException(prefix + ".public-url must be an http(s) URL, not '" + base + "'");
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new Identity(name, from, replyTo, domain, base,
                stream.smtp().ownRelay() ? relay(stream.smtp(), today) : today);
    }

    /** The stream's relay: today's settings (timeouts, TLS, credentials…) with the stream's own on top. */
    private static JavaMailSenderImpl relay(SendingStreams.Smtp smtp, JavaMailSenderImpl today) {
        var relay = new JavaMailSenderImpl();
        relay.setProtocol(today.getProtocol());
        relay.setDefaultEncoding(today.getDefaultEncoding());
        relay.setHost(smtp.host() == null ? today.getHost() : smtp.host());
        relay.setPort(smtp.port() == null ? today.getPort() : smtp.port());
        relay.setUsername(smtp.username() == null ? today.getUsername() : smtp.username());
        relay.setPassword(smtp.password() == null ? today.getPassword() : smtp.password());
        Properties properties = new Properties();
        properties.putAll(today.getJavaMailProperties());
        properties.putAll(smtp.properties());
        relay.setJavaMailProperties(properties);
        return relay;
    }

    private static String checkedAddress(String address, String setting) {
        try {
            new InternetAddress(address, true);
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException(setting + " is not an email address: '" + address + "'", e);
        }
    }
}
