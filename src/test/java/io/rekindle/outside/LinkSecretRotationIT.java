package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Rotating REKINDLE_LINK_SECRET as docs/operations.md says: the unsubscribe link of an email already in someone's
 * mailbox stops working if the old key is simply replaced, and keeps working once it is listed in
 * REKINDLE_PREVIOUS_LINK_SECRETS. Signing does not depend on the database: this runs once, on the build's default.
 */
class LinkSecretRotationIT extends OutsideInTest {

    private static final String NEW_SECRET = "rotated-link-secret-9b1e5c7a3d2f8e6b4c0a";

    @Test
    void anUnsubscribeLinkSentBeforeTheRotationStillUnsubscribesWhileTheOldKeyIsKept() {
        long contact = signUp("oi-rotation", "rosa@example.com", "Rosa", "fr");
        operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_J30");
        String link = Mailbox.link(awaitEmails("rosa@example.com", 1).get(0), "/unsubscribe/");
        String path = link.substring(link.indexOf("/unsubscribe/"));

        // the key replaced, the old one forgotten: the link in Rosa's mailbox is dead
        restartWith(Map.of("REKINDLE_LINK_SECRET", NEW_SECRET));
        anonymous.get(path).expect(404);

        // the key replaced, the old one kept for verification: the same link opens and unsubscribes
        restartWith(Map.of("REKINDLE_LINK_SECRET", NEW_SECRET,
                "REKINDLE_PREVIOUS_LINK_SECRETS", PackagedApp.LINK_SECRET));
        assertThat(anonymous.get(path).expect(200).body()).contains("<form method=\"post\"");
        anonymous.postForm(path, "").expect(200);
        assertThat(contact(contact).get("emailUnsubscribedAt").isNull()).as("unsubscribed").isFalse();
    }

    /** The same node (same data, same database) started again with other documented variables. */
    private void restartWith(Map<String, String> variables) {
        app.stop();
        var env = new LinkedHashMap<>(environment);
        env.putAll(variables);
        app = PackagedApp.start(name(), env);
        api = Client.admin(app);
        anonymous = Client.anonymous(app);
        operator = new Operator(api);
    }
}
