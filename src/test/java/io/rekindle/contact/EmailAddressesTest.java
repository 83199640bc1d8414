package io.rekindle.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rekindle.system.FieldProblemException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "marie@example.com, marie@example.com",
            "Marie.Dupont+promo@Example.COM, Marie.Dupont+promo@example.com",
            "marie@café.fr, marie@xn--caf-dma.fr",
            "ivan@пример.рф, ivan@xn--e1afmkfd.xn--p1ai",
            "li@例子.中国, li@xn--fsqu00a.xn--fiqs8s"})
    void anAddressIsStoredAsMailWillReallyGoThere(String given, String stored) {
        assertThat(EmailAddresses.ascii(given)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "marie@exаmple.com", // Cyrillic а inside a Latin label: a look-alike of example.com
            "marie@pаypal.fr",
            "josé@example.com", // needs SMTPUTF8
            "marie@exa mple.com",
            "marie@exam_ple.com",
            "marie@localhost",
            "@example.com",
            "marie@"})
    void anAddressMailCouldNotReachAsGivenIsRefused(String given) {
        assertThatThrownBy(() -> EmailAddresses.ascii(given)).isInstanceOf(FieldProblemException.class)
                .extracting(e -> ((FieldProblemException) e).field()).isEqualTo("email");
    }
}
