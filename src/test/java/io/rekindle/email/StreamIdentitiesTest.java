package io.rekindle.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.rekindle.streams.SendingStreams;

import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * How a stream's identity is resolved from its settings and today's: nothing set is today's identity and relay (the
 * same connection); each setting replaces only itself; a bad setting stops the start with its name.
 */
class StreamIdentitiesTest {

    private static final MailProperties MAIL = new MailProperties(true, "Rekindle <no-reply@rekindle.local>",
            Duration.ofSeconds(1), 500, 4, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1),
            Duration.ofMinutes(2), "news.example.com");
    private static final String PUBLIC_URL = "https://rekindle.example.com";

    @Test
    void withNothingSetAStreamIsTodaysIdentityOverTodaysConnection() {
        JavaMailSenderImpl today = today();
        var identity = StreamIdentities.resolve("reactivation", stream(null, null, null, null, smtp(null, null)), MAIL,
                today, PUBLIC_URL + "/");
        assertThat(identity.relay()).isSameAs(today);
        assertThat(identity.from()).isEqualTo(MAIL.from());
        assertThat(identity.replyTo()).isNull();
        assertThat(identity.messageIdDomain()).isEqualTo("news.example.com");
        assertThat(identity.publicUrl()).isEqualTo(PUBLIC_URL);
    }

    @Test
    void eachSettingReplacesOnlyItself() {
        JavaMailSenderImpl today = today();
        var identity = StreamIdentities.resolve("reactivation", stream("Win <hello@win.example.com>", null, null,
                "https://links.win.example.com/", smtp("relay.win.example.com",
                        Map.of("mail.smtp.starttls.required", "true"))), MAIL, today, PUBLIC_URL);
        assertThat(identity.messageIdDomain()).as("the stream's own sender's").isEqualTo("win.example.com");
        assertThat(identity.publicUrl()).isEqualTo("https://links.win.example.com");
        JavaMailSenderImpl relay = identity.relay();
        assertThat(relay).isNotSameAs(today);
        assertThat(relay.getHost()).isEqualTo("relay.win.example.com");
        assertThat(relay.getPort()).as("today's").isEqualTo(2525);
        assertThat(relay.getUsername()).as("today's").isEqualTo("rekindle");
        assertThat(relay.getPassword()).as("today's").isEqualTo("secret");
        // today's timeouts and TLS stay, the stream's own come on top
        assertThat(relay.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "10000")
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true");
        assertThat(today.getJavaMailProperties()).doesNotContainKey("mail.smtp.starttls.required");
    }

    @Test
    void aBadSettingStopsTheStartWithItsName() {
        assertThatThrownBy(() -> resolve(stream("not an address<", null, null, null, smtp(null, null))))
                .hasMessageContaining("rekindle.streams.reactivation.from");
        assertThatThrownBy(() -> resolve(stream(null, "care@", null, null, smtp(null, null))))
                .hasMessageContaining("rekindle.streams.reactivation.reply-to");
        assertThatThrownBy(() -> resolve(stream(null, null, "not a domain>", null, smtp(null, null))))
                .hasMessageContaining("rekindle.streams.reactivation.message-id-domain");
        assertThatThrownBy(() -> resolve(stream(null, null, null, "links.win.example.com", smtp(null, null))))
                .hasMessageContaining("rekindle.streams.reactivation.public-url");
    }

    @Test
    void theMappingSendsUnnamedTemplatesThroughLifecycleAndRefusesATemplateInBothStreams() {
        var streams = new SendingStreams(new SendingStreams.Stream(List.of("winback-miss-you", " farewell "), null,
                null, null, null, smtp(null, null)), new SendingStreams.Stream(List.of("welcome"), null, null, null,
                null, smtp(null, null)));
        assertThat(streams.streamOf("winback-miss-you")).isEqualTo("reactivation");
        assertThat(streams.streamOf("farewell")).isEqualTo("reactivation");
        assertThat(streams.streamOf("welcome")).isEqualTo("lifecycle");
        assertThat(streams.streamOf("a-new-template")).isEqualTo("lifecycle");
        assertThatThrownBy(() -> new SendingStreams(new SendingStreams.Stream(List.of("welcome"), null, null, null,
                null, smtp(null, null)), new SendingStreams.Stream(List.of("welcome"), null, null, null, null,
                smtp(null, null)))).hasMessageContaining("welcome");
    }

    private static StreamIdentities.Identity resolve(SendingStreams.Stream stream) {
        return StreamIdentities.resolve("reactivation", stream, MAIL, today(), PUBLIC_URL);
    }

    private static SendingStreams.Stream stream(String from, String replyTo, String domain, String publicUrl,
            SendingStreams.Smtp smtp) {
        return new SendingStreams.Stream(List.of(), from, replyTo, domain, publicUrl, smtp);
    }

    private static SendingStreams.Smtp smtp(String host, Map<String, String> properties) {
        return new SendingStreams.Smtp(host, null, null, null, properties);
    }

    /** Today's relay, as spring.mail configures it. */
    private static JavaMailSenderImpl today() {
        var today = new JavaMailSenderImpl();
        today.setHost("smtp.example.com");
        today.setPort(2525);
        today.setUsername("rekindle");
        today.setPassword("secret");
        Properties properties = new Properties();
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.starttls.enable", "true");
        today.setJavaMailProperties(properties);
        return today;
    }
}
