package io.rekindle.offer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.stereotype.Service;

@Service
public class OfferService {

    // no 0/O, 1/I/L: codes are typed by hand at checkout
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int CODE_LENGTH = 8;

    private final OfferRepository offers;
    private final OfferProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    OfferService(OfferRepository offers, OfferProperties properties, Clock clock) {
        this.offers = offers;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The offer granted by one journey step. A step executed again gets the same offer back, so a
     * contact never holds two codes for one message.
     */
    public Offer grant(long contactId, String originKey) {
        return offers.findByOrigin(originKey).orElseGet(() -> {
            // to the microsecond, as the database keeps it: the offer answered is the offer stored, without reading it
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String code = newCode();
            Instant until = now.plus(properties.validity());
            long id = offers.insert(code, contactId, originKey, properties.discountPercent(), now, until);
            return new Offer(id, code, contactId, properties.discountPercent(), now, until, null);
        });
    }

    /** Marks the contact's own, still valid offer as used; any other code is ignored (the purchase still counts). */
    public boolean redeem(long contactId, String code, Instant at) {
        return offers.findByCode(code)
                .filter(o -> o.contactId() == contactId)
                .filter(o -> !at.isBefore(o.validFrom()) && !at.isAfter(o.validUntil()))
                .map(o -> offers.markRedeemed(o.id(), at) == 1)
                .orElse(false);
    }

    public List<Offer> ofContact(long contactId) {
        return offers.findByContact(contactId);
    }

    private String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < CODE_LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "RK-" + new String(code);
    }
}
