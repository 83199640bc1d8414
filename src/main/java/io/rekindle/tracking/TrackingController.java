package io.rekindle.tracking;

import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.EventType;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;

/**
 * The open pixel and click redirect of the emails: each records EMAIL_OPENED / EMAIL_CLICKED and correlates it as
 * the event API does. A forged or altered token records nothing (the pixel is served anyway, a click gets 404).
 * A link scanner's click ({@link RobotClicks}) is recorded, flagged, and goes no further; it is redirected like any.
 */
@RestController
@RequestMapping("/t")
class TrackingController {

    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final Tracking tracking;
    private final OutboxService outbox;
    private final EventIntake events;
    private final RobotClicks robots;
    private final Clock clock;

    TrackingController(Tracking tracking, OutboxService outbox, EventIntake events, RobotClicks robots, Clock clock) {
        this.tracking = tracking;
        this.outbox = outbox;
        this.events = events;
        this.robots = robots;
        this.clock = clock;
    }

    @GetMapping("/o/{token}")
    ResponseEntity<byte[]> opened(@PathVariable String token) {
        tracking.openedMessage(token).flatMap(outbox::find)
                .ifPresent(message -> record(message, EventType.EMAIL_OPENED));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
    }

    @GetMapping("/c/{token}")
    ResponseEntity<Void> clicked(@PathVariable String token, HttpServletRequest request) {
        var link = tracking.clickedLink(token);
        if (link.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        var message = outbox.find(link.get()[0]);
        List<String> links = message.map(m -> Tracking.links(m.bodyHtml())).orElse(List.of());
        int index = (int) link.get()[1];
        if (message.isEmpty() || index < 0 || index >= links.size()) {
            return ResponseEntity.notFound().build();
        }
        var robot = robots.sign(request.getMethod(), request.getHeader("User-Agent"),
                request.getHeader("Accept-Language"), message.get(), clock.instant());
        if (robot.isPresent()) {
            events.acceptRobotClick(message.get(), robot.get().name());
        } else {
            record(message.get(), EventType.EMAIL_CLICKED);
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(links.get(index))).build();
    }

    private void record(OutboxMessage message, EventType type) {
        events.accept(new EventRequest(message.contactId(), null, type, null, null, null, null, message.id()));
    }
}
