package io.rekindle.gdpr;

import java.util.Map;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The rights of the people in the base: access to what we hold on them, and erasure when they ask. */
@RestController
@Tag(name = "GDPR erasures")
@RequestMapping("/api/contacts")
class ContactRightsController {

    private final PersonalDataExport export;
    private final GdprErasure erasure;

    ContactRightsController(PersonalDataExport export, GdprErasure erasure) {
        this.export = export;
        this.erasure = erasure;
    }

    @Operation(summary = "Everything held on a person (right of access)", description = "One JSON document, as an"
            + " attachment: the contact with its consents (date and source) and its change history, its events,"
            + " the messages sent or skipped, its offers, survey answers, segments and the journeys it is or was in.")
    @ApiProblem(status = 404, when = "No contact has this id, or it was erased.")
    @GetMapping(path = "/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> export(@PathVariable long id) {
        Map<String, Object> held = export.of(id).orElseThrow(() -> notFound(id));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("contact-" + id + ".json").build().toString())
                .body(held);
    }

    @Operation(summary = "Erase a person now (right to erasure)", description = "The same erasure as the retention"
            + " rule, by the same erasers, at once: personal data goes from our tables and from the engine (running"
            + " journeys cancelled, their history deleted); counts, times and amounts stay. Logged in the erasure log"
            + " with reason REQUEST.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiProblem(status = 404, when = "No contact has this id, or it was erased already.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> erase(@PathVariable long id) {
        if (!erasure.eraseOnRequest(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No contact with id " + id + ".");
    }
}
