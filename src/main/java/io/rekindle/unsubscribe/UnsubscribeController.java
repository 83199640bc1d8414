package io.rekindle.unsubscribe;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.UnsubscribeChannel;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.outbox.ContentProperties;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The one-click unsubscribe link of every marketing email (RFC 8058). POST (the mail client's one click, or the
 * button of the page) unsubscribes from email at once, without login or cookie, like an UNSUBSCRIBED event: every
 * marketing journey ends. GET only shows the confirmation page: link scanners open links, they must change nothing.
 * The event names the message the link came in (KPIs count it there); a link naming the contact only (sent before)
 * still unsubscribes. Posting again (the client retrying, a second click) stores nothing new and shows the same page.
 */
@Controller
@RequestMapping("/unsubscribe")
class UnsubscribeController {

    private final UnsubscribeLinks links;
    private final ContactService contacts;
    private final EventIntake events;
    /** Where the page's "back to the shop" link goes: the link the emails carry. */
    private final String shopUrl;

    UnsubscribeController(UnsubscribeLinks links, ContactService contacts, EventIntake events,
            ContentProperties content) {
        this.links = links;
        this.contacts = contacts;
        this.events = events;
        this.shopUrl = content.shopUrl();
    }

    @GetMapping("/{token}")
    ModelAndView confirm(@PathVariable String token) {
        return page(token, "unsubscribe/confirm");
    }

    @PostMapping("/{token}")
    ModelAndView unsubscribe(@PathVariable String token) {
        var target = links.targetOf(token);
        if (target.isEmpty() || contacts.find(target.get().contactId()).isEmpty()) {
            return notFound();
        }
        events.accept(new EventRequest(target.get().contactId(), null, EventType.UNSUBSCRIBED, null, null, null, null,
                target.get().messageId(), UnsubscribeChannel.EMAIL));
        return page(token, "unsubscribe/done");
    }

    private ModelAndView page(String token, String name) {
        return links.contactOf(token).flatMap(contacts::find).map(contact -> {
            ModelAndView view = new ModelAndView(name, HttpStatus.OK);
            view.addObject("fr", "fr".equals(contact.locale()));
            view.addObject("shopUrl", shopUrl);
            return view;
        }).orElseGet(UnsubscribeController::notFound);
    }

    private static ModelAndView notFound() {
        return new ModelAndView("unsubscribe/not-found", HttpStatus.NOT_FOUND);
    }
}
