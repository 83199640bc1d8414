package io.rekindle.outbox;

import java.util.List;

import io.rekindle.system.NotFoundException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox, readable: with SMTP off (the embedded default) this is where the emails are. */
@RestController
@RequestMapping("/api/outbox")
class OutboxController {

    private final OutboxService outbox;

    OutboxController(OutboxService outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    List<OutboxMessage> list(@RequestParam(required = false) Long contactId,
            @RequestParam(required = false) MessageStatus status,
            @RequestParam(defaultValue = "50") int limit) {
        return outbox.find(contactId, status, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/{id}")
    OutboxMessage get(@PathVariable long id) {
        return outbox.find(id).orElseThrow(() -> new NotFoundException("No message with id " + id + "."));
    }
}
