package io.rekindle.contact;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.Valid;

import io.rekindle.experiment.Group;
import io.rekindle.experiment.Holdouts;
import io.rekindle.preferences.PreferenceService;
import io.rekindle.preferences.Preferences;
import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.PatchMapping;
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

    static final String MERGE_PATCH = "application/merge-patch+json";
    /** The source of a change made through this API, in the contact's history. */
    static final String SOURCE = "api";

    private final ContactService contacts;
    private final Holdouts holdouts;
    private final PreferenceService preferences;

    ContactController(ContactService contacts, Holdouts holdouts, PreferenceService preferences) {
        this.contacts = contacts;
        this.holdouts = holdouts;
        this.preferences = preferences;
    }

    /**
     * A contact, its experiment arms (holdouts) and its choices on the preference page: what the contact's own page
     * shows.
     */
    record ContactDetails(@JsonUnwrapped Contact contact, List<Group> experiments,
            @Schema(description = "The contact's choices on its preference page: email and sms (channels on),"
                    + " topicsOff, frequency (AS_USUAL, WEEKLY, MONTHLY, PAUSE_3_MONTHS; a pause that ended is"
                    + " AS_USUAL), pausedUntil, updatedAt (when it last chose; null: never)") Preferences preferences) {
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

    @Operation(summary = "A contact by id", description = "With its activity fields, unsubscriptions and suppression,"
            + " and its experiment arms: experiment (global-control, holdout:<journey>), arm (control, holdout,"
            + " treated), recorded (true: fixed since assignedAt; false: what the hash says today, the experiment has"
            + " not reached the contact yet). And its choices on the preference page (preferences).")
    @ApiProblem(status = 404, when = "No contact has this id.")
    @GetMapping("/{id}")
    ContactDetails get(@PathVariable long id) {
        Contact contact = contacts.find(id).filter(c -> c.erasedAt() == null)
                .orElseThrow(() -> new NotFoundException("No contact with id " + id + "."));
        return new ContactDetails(contact, holdouts.groups(id), preferences.current(id));
    }

    @Operation(summary = "A contact by the company's external id")
    @ApiProblem(status = 404, when = "No contact has this external id.")
    @GetMapping(params = "externalId")
    Contact byExternalId(@RequestParam String externalId) {
        return existing(externalId);
    }

    @Operation(summary = "Change a contact", description = "A JSON merge patch (application/merge-patch+json or"
            + " application/json) of email, phone, firstName, locale, emailConsent, smsConsent: a field left out stays"
            + " as it is, \"phone\": null removes the number, other fields cannot be removed, any other field is"
            + " refused. Sign-up rules apply; all or nothing. Each changed field is written to the contact's history"
            + " with source api. A new email address starts with a clean bounce record. Withdrawing emailConsent"
            + " ends every marketing journey of the contact at once (as an unsubscribe does); withdrawing smsConsent"
            + " stops SMS only. Giving a consent again lifts that channel's earlier unsubscribe.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = ContactChangeRequest.Schema.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ContactChangeRequest.Schema.class))}))
    @ApiProblem(status = 404, when = "No contact has this id (or it was erased).")
    @ApiProblem(status = 409, when = "The contact's journeys were moving at that moment; nothing was changed, send"
            + " it again.")
    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    Contact change(@PathVariable long id, @RequestBody JsonNode patch) {
        return changed(id, ContactChangeRequest.read(patch));
    }

    @Operation(summary = "Change a contact named by the company's external id", description = "As PATCH"
            + " /api/contacts/{id}.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = ContactChangeRequest.Schema.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ContactChangeRequest.Schema.class))}))
    @ApiProblem(status = 404, when = "No contact has this external id.")
    @ApiProblem(status = 409, when = "The contact's journeys were moving at that moment; nothing was changed, send"
            + " it again.")
    @PatchMapping(params = "externalId", consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    Contact changeByExternalId(@RequestParam String externalId, @RequestBody JsonNode patch) {
        return changed(existing(externalId).id(), ContactChangeRequest.read(patch));
    }

    @Operation(summary = "A contact's change history", description = "Every change of a field after the sign-up,"
            + " oldest first: when, its source (api, import:<id>, segment, …), the field, the value before and after.")
    @ApiProblem(status = 404, when = "No contact has this id (or it was erased).")
    @GetMapping("/{id}/history")
    List<ContactHistoryEntry> history(@PathVariable long id) {
        get(id);
        return contacts.history(id);
    }

    /** A timer moving one of the contact's journeys at the same moment: the service tries again, then a 409. */
    private Contact changed(long id, ContactChange change) {
        return contacts.change(id, change, SOURCE);
    }

    private Contact existing(String externalId) {
        return contacts.findByExternalId(externalId).filter(c -> c.erasedAt() == null)
                .orElseThrow(() -> new NotFoundException("No contact with this external id."));
    }
}
