package io.rekindle.streams;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The two sending streams, {@code rekindle.streams.reactivation} (win-back, survey, farewell) and
 * {@code rekindle.streams.lifecycle} (relaunch, welcome, welcome back). Each setting a stream leaves unset is today's
 * single one ({@code rekindle.mail.from}, {@code spring.mail.*}, {@code rekindle.public-url}…): with nothing set, both
 * streams are the one identity Rekindle always had. A template neither list names goes through lifecycle.
 */
@ConfigurationProperties("rekindle.streams")
public record SendingStreams(@DefaultValue Stream reactivation, @DefaultValue Stream lifecycle) {

    public static final String REACTIVATION = "reactivation";
    public static final String LIFECYCLE = "lifecycle";

    public SendingStreams {
        Set<String> both = new HashSet<>(reactivation.templates());
        both.retainAll(lifecycle.templates());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("rekindle.streams: templates " + both
                    + " are in both reactivation.templates and lifecycle.templates; name each in one stream only");
        }
    }

    /** The stream a template's emails go through. */
    public String streamOf(String template) {
        return reactivation.templates().contains(template) ? REACTIVATION : LIFECYCLE;
    }

    public Stream stream(String name) {
        return REACTIVATION.equals(name) ? reactivation : lifecycle;
    }

    /**
     * One stream's identity; a blank or missing value means today's setting. {@code publicUrl} is where the stream's
     * links (unsubscribe, tracking, survey) point: another name for this same application.
     */
    public record Stream(List<String> templates, String from, String replyTo, String messageIdDomain,
            String publicUrl, @DefaultValue Smtp smtp) {

        public Stream {
            templates = templates == null ? List.of()
                    : templates.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
            from = blankAsNull(from);
            replyTo = blankAsNull(replyTo);
            messageIdDomain = blankAsNull(messageIdDomain);
            publicUrl = blankAsNull(publicUrl);
        }
    }

    /**
     * The stream's relay; unset values are {@code spring.mail}'s. {@code properties} go on top of
     * {@code spring.mail.properties} (timeouts, STARTTLS, SSL: {@code mail.smtp.starttls.enable=true}…).
     */
    public record Smtp(String host, Integer port, String username, String password, Map<String, String> properties) {

        public Smtp {
            host = blankAsNull(host);
            username = username == null || username.isEmpty() ? null : username;
            password = password == null || password.isEmpty() ? null : password;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        /** True when the stream has a relay setting of its own (else it shares today's connection). */
        public boolean ownRelay() {
            return host != null || port != null || username != null || password != null || !properties.isEmpty();
        }
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
