package io.rekindle.contact;

import java.net.URI;

import jakarta.validation.Valid;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Contacts")
@RequestMapping("/api/contacts")
class ContactController {

    private final ContactService contacts;

    ContactController(ContactService contacts) {
        this.contacts = contacts;
    }

    /**
     * 201 with the new contact; 200 with the stored contact, unchanged, when the external id is
     * already known (a retried or repeated sign-up starts no second journey).
     */
    @Operation(summary = "Sign a contact up", description = "Validates the sign-up (email, E.164 phone, locale fr or"
            + " en, consents); an internationalised domain is stored in its ASCII form; a look-alike domain is refused."
            + " Starts the relaunch journey (business key = contact id), unless signedUpAt is more than a day ago.")
    @ApiResponse(responseCode = "201", description = "A new contact; Location names it", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The external id is known: the stored contact, unchanged, and no"
            + " second journey", useReturnTypeSchema = true)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Contact> signUp(@Valid @RequestBody SignUpRequest request) {
        try {
            return contacts.signUp(request)
                    .map(c -> ResponseEntity.created(URI.create("/api/contacts/" + c.id())).body(c))
                    .orElseGet(() -> ResponseEntity.ok(existing(request.externalId())));
        } catch (DuplicateKeyException concurrentSignUp) {
            // the same sign-up posted twice at once: the other request won and started the journey
            return ResponseEntity.ok(existing(request.externalId()));
        }
    }

    @Operation(summary = "A contact by id", description = "With its activity fields, unsubscriptions and suppression.")
    @ApiProblem(status = 404, when = "No contact has this id.")
    @GetMapping("/{id}")
    Contact get(@PathVariable long id) {
        return contacts.find(id).orElseThrow(() -> new NotFoundException("No contact with id " + id + "."));
    }

    @Operation(summary = "A contact by the company's external id")
    @ApiProblem(status = 404, when = "No contact has this external id.")
    @GetMapping(params = "externalId")
    Contact byExternalId(@RequestParam String externalId) {
        return existing(externalId);
    }

    private Contact existing(String externalId) {
        return contacts.findByExternalId(externalId)
                .orElseThrow(() -> new NotFoundException("No contact with this external id."));
    }
}
