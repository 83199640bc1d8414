package io.rekindle.imports;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Imports")
@RequestMapping("/api/contacts/imports")
class ImportController {

    /** A row's outcome. */
    enum Outcome {
        NEW(ImportBatches.NEW), UPDATED(ImportBatches.UPDATED), UNCHANGED(ImportBatches.UNCHANGED),
        REJECTED(ImportBatches.REJECTED);

        final char code;

        Outcome(char code) {
            this.code = code;
        }

        static Outcome of(char code) {
            return Arrays.stream(values()).filter(o -> o.code == code).findFirst().orElseThrow();
        }
    }

    /** An import: where it is, what it did so far. */
    record ImportReport(long id, String status, String format, long rowsTotal, long rowsDone, long percentDone,
            long rowsNew, long rowsUpdated, long rowsUnchanged, long rowsRejected,
            @Schema(description = "new contacts who entered the relaunch") long relaunched,
            @Schema(description = "rows per second of the run so far (of the last run, once done)") Long rowsPerSecond,
            @Schema(description = "new contacts signed up at or after this enter the relaunch; null: nobody")
            Instant relaunchSignedUpSince,
            String failure, Instant createdAt, Instant startedAt, Instant finishedAt) {

        static ImportReport of(ImportRepository.Job job) {
            return new ImportReport(job.id(), job.status(), job.format().name(), job.rowsTotal(), job.rowsDone(),
                    job.rowsTotal() == 0 ? 100 : Math.min(100, job.rowsDone() * 100 / job.rowsTotal()), job.rowsNew(),
                    job.rowsUpdated(), job.rowsUnchanged(), job.rowsRejected(), job.relaunched(),
                    job.rowsPerSecond(), job.relaunchSince(), job.failure(), job.createdAt(), job.startedAt(),
                    job.finishedAt());
        }
    }

    /** One row of the file: its line (where the record starts), outcome, and the reason of a rejection. */
    record ImportRow(long line, Outcome outcome, String reason) {
    }

    /** A page of rows; {@code next} is the {@code after} of the next page (null: no more). */
    record ImportRowsPage(List<ImportRow> rows, Long next) {
    }

    private final ImportJobs jobs;
    private final ImportRepository imports;

    ImportController(ImportJobs jobs, ImportRepository imports) {
        this.jobs = jobs;
        this.imports = imports;
    }

    @Operation(summary = "Import an existing base", description = "A CSV file (text/csv, a header line naming the"
            + " columns, externalId required) or NDJSON (application/x-ndjson, one object per line), UTF-8. The file"
            + " is stored, then imported in the background: poll the Location. Idempotent by externalId: a known"
            + " contact is updated with the values the row gives (an empty cell changes nothing), a new one created"
            + " by the sign-up's rules; the same file twice changes nothing. Imported contacts start no journey;"
            + " with relaunchRecentSignUps=true, new contacts who signed up within rekindle.imports.relaunch-within"
            + " (30 days) enter the relaunch at the point their sign-up date puts them.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string", example = """
                            externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent,purchaseCount,revenue
                            cust-1001,marie@example.com,Marie,fr,2019-03-04T10:00:00+01:00,true,false,3,129.90
                            """)),
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"))}))
    @ApiResponse(responseCode = "202", description = "Accepted: the import is queued; Location names it",
            useReturnTypeSchema = true)
    @ApiProblem(status = 400, when = "The file is empty (no row after the header).")
    @ApiProblem(status = 413, when = "The file exceeds rekindle.imports.max-size.")
    @ApiProblem(status = 415, when = "The body is neither text/csv nor application/x-ndjson.")
    @ApiProblem(status = 422, when = "The CSV header lacks externalId, names an unknown column or one twice.")
    @PostMapping(consumes = {"text/csv", "application/x-ndjson"})
    ResponseEntity<ImportReport> start(HttpServletRequest request,
            @Parameter(description = "new contacts who signed up recently enter the relaunch")
            @RequestParam(defaultValue = "false") boolean relaunchRecentSignUps) throws IOException {
        if (request.getContentLengthLong() > jobs.maxBytes()) {
            throw new ImportJobs.ImportTooLargeException(jobs.maxBytes());
        }
        ImportFormat format = request.getContentType().toLowerCase().startsWith(ImportFormat.NDJSON.mediaType)
                ? ImportFormat.NDJSON : ImportFormat.CSV;
        long id = jobs.accept(format, request.getInputStream(), relaunchRecentSignUps);
        jobs.wake();
        return ResponseEntity.accepted().location(URI.create("/api/contacts/imports/" + id)).body(report(id));
    }

    @Operation(summary = "An import's progress and counts", description = "Status QUEUED, RUNNING, DONE or FAILED;"
            + " rows done of the total, per outcome, and the rate.")
    @ApiProblem(status = 404, when = "No import has this id.")
    @GetMapping("/{id}")
    ImportReport get(@PathVariable long id) {
        return report(id);
    }

    @Operation(summary = "An import's rows, by outcome", description = "In line order, after the line given;"
            + " a rejected row with its reason. Page with next.")
    @ApiProblem(status = 404, when = "No import has this id.")
    @GetMapping("/{id}/rows")
    ImportRowsPage rows(@PathVariable long id, @RequestParam(required = false) Outcome outcome,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit) {
        report(id);
        int size = Math.max(1, Math.min(limit, 1000));
        List<ImportRow> rows;
        if (outcome == Outcome.REJECTED) {
            rows = imports.rejections(id, after, size).stream()
                    .map(r -> new ImportRow(r.line(), Outcome.REJECTED, r.reason())).toList();
        } else {
            String wanted = outcome == null ? "NUSR" : String.valueOf(outcome.code);
            rows = imports.outcomes(id, after, wanted, size).stream()
                    .map(r -> new ImportRow(r.line(), Outcome.of(r.outcome()),
                            r.outcome() == ImportBatches.REJECTED ? imports.reason(id, r.line()) : null))
                    .toList();
        }
        return new ImportRowsPage(rows, rows.size() < size ? null : rows.get(rows.size() - 1).line());
    }

    private ImportReport report(long id) {
        return imports.find(id).map(ImportReport::of)
                .orElseThrow(() -> new NotFoundException("No import with id " + id + "."));
    }

    @ExceptionHandler(ImportJobs.ImportTooLargeException.class)
    ProblemDetail tooLarge(ImportJobs.ImportTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setTitle("File too large");
        return problem;
    }

    @ExceptionHandler(EmptyImportException.class)
    ProblemDetail empty(EmptyImportException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Empty file");
        return problem;
    }
}
