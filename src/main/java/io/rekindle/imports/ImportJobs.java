package io.rekindle.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import io.rekindle.contact.ContactBulkStore;
import io.rekindle.contact.ContactField;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * Accepts an import (the body spooled to a file, its rows counted, the CSV header checked) and runs it as a
 * background job on one worker thread per node: batch after batch, each committed with its checkpoint. A node
 * holds a job by a lease renewed with every batch; a job whose node died is taken again once its lease ran out
 * (on the next start of the node, or by the poll), and resumes from its last committed batch.
 */
@Service
class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    private static final int EXTERNAL_ID = ContactField.EXTERNAL_ID.ordinal();

    private final ImportRepository imports;
    private final ImportBatches batches;
    private final ContactBulkStore contacts;
    private final Clock clock;
    private final Path directory;
    private final long maxBytes;
    private final int batchSize;
    private final Duration relaunchWithin;
    private final Duration progressInterval;
    private final Duration lease;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "contact-import");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;

    ImportJobs(ImportRepository imports, ImportBatches batches, ContactBulkStore contacts, Clock clock,
            @Value("${rekindle.imports.directory:${rekindle.data-dir:data}/imports}") Path directory,
            @Value("${rekindle.imports.max-size:2GB}") DataSize maxSize,
            @Value("${rekindle.imports.batch-size:1000}") int batchSize,
            @Value("${rekindle.imports.relaunch-within:P30D}") Duration relaunchWithin,
            @Value("${rekindle.imports.progress-interval:PT10S}") Duration progressInterval,
            @Value("${rekindle.imports.lease:PT1M}") Duration lease) {
        if (batchSize < 1 || batchSize > 2000) {
            throw new IllegalArgumentException("rekindle.imports.batch-size must be between 1 and 2000");
        }
        this.imports = imports;
        this.batches = batches;
        this.contacts = contacts;
        this.clock = clock;
        this.directory = directory.toAbsolutePath();
        this.maxBytes = maxSize.toBytes();
        this.batchSize = batchSize;
        this.relaunchWithin = relaunchWithin;
        this.progressInterval = progressInterval;
        this.lease = lease;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Spools the body to a file and queues the import; throws a problem (400, 413, 422) when the file cannot be
     * imported at all. Does not start it: {@link #wake()} does.
     */
    long accept(ImportFormat format, InputStream body, boolean relaunchRecent) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("import-" + UUID.randomUUID() + "." + format.name().toLowerCase());
        try {
            RowCounter counter = new RowCounter(format);
            long size = spool(body, file, counter);
            long firstOffset = 0;
            long firstLine = 1;
            if (format == ImportFormat.CSV) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    CsvReader.Header header = CsvReader.header(in);
                    firstOffset = header.endOffset();
                    firstLine = header.nextLine();
                }
            }
            long rows = counter.records() - (format == ImportFormat.CSV ? 1 : 0);
            if (rows <= 0) {
                throw new EmptyImportException();
            }
            Instant now = clock.instant();
            long id = imports.create(format, file.toString(), size, rows,
                    relaunchRecent ? now.minus(relaunchWithin) : null, firstOffset, firstLine, now);
            log.info("Import {} queued: {} rows, {} bytes of {}", id, rows, size, format);
            return id;
        } catch (RuntimeException | IOException refused) {
            Files.deleteIfExists(file);
            throw refused;
        }
    }

    private long spool(InputStream body, Path file, RowCounter counter) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw new ImportTooLargeException(maxBytes);
                }
                counter.count(buffer, n);
                out.write(buffer, 0, n);
            }
        }
        return size;
    }

    /** Looks for a job to run (a new one, or one whose node stopped) if the worker is idle. */
    void wake() {
        if (!stopping && busy.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    runClaimable();
                } finally {
                    busy.set(false);
                }
            });
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAtStart() {
        wake();
    }

    @Scheduled(fixedDelayString = "${rekindle.imports.poll-interval:PT5S}",
            initialDelayString = "${rekindle.imports.poll-interval:PT5S}")
    void poll() {
        wake();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    private void runClaimable() {
        Set<Long> tried = new HashSet<>();
        while (!stopping) {
            Long next = imports.claimable(clock.instant()).stream().filter(id -> !tried.contains(id)).findFirst()
                    .orElse(null);
            if (next == null) {
                return;
            }
            tried.add(next);
            run(next, Long.MAX_VALUE);
        }
    }

    /**
     * Claims the job and runs at most {@code maxBatches} batches of it (all: {@link Long#MAX_VALUE}); returns false
     * when another node holds it.
     */
    boolean run(long id, long maxBatches) {
        Path file = Path.of(imports.find(id).orElseThrow().spoolFile());
        if (!Files.exists(file)) {
            // spooled on another node (several nodes on one database): that node runs it, or resumes it at its start
            return false;
        }
        Instant now = clock.instant();
        if (!imports.claim(id, now, now.plus(lease))) {
            return false;
        }
        ImportRepository.Job job = imports.find(id).orElseThrow();
        try {
            Long rate = runBatches(job, file, maxBatches);
            if (rate != null) {
                imports.finish(id, "DONE", null, rate > 0 ? rate : null, clock.instant());
                ImportRepository.Job done = imports.find(id).orElseThrow();
                Files.deleteIfExists(file);
                log.info("Import {} done: {} rows, {} new, {} updated, {} unchanged, {} rejected, {} entered the"
                        + " relaunch; {} rows/s", id, done.rowsDone(), done.rowsNew(), done.rowsUpdated(),
                        done.rowsUnchanged(), done.rowsRejected(), done.relaunched(), done.rowsPerSecond());
            }
        } catch (NoSuchFileException gone) {
            imports.finish(id, "FAILED", "The uploaded file is no longer on this node; post it again.", null,
                    clock.instant());
            log.error("Import {} failed: its spooled file is gone", id);
        } catch (IOException | RuntimeException e) {
            // the last committed batch stays; the job is taken again after a pause and resumes from there
            imports.release(id, clock.instant().plus(Duration.ofSeconds(30)));
            log.error("Import {} stopped at its last checkpoint and will resume: {}", id, e.getClass().getName());
        }
        return true;
    }

    /** The rate of this run (rows/s) when the file is read to its end; null when it stopped before. */
    private Long runBatches(ImportRepository.Job job, Path file, long maxBatches) throws IOException {
        long started = System.nanoTime();
        long lastLog = started;
        long rowsThisRun = 0;
        long done = job.rowsDone();
        contacts.refreshStatistics();
        long analyzeAt = batchSize;
        try (RecordReader reader = reader(job, file)) {
            List<RawRecord> batch = new ArrayList<>(batchSize);
            Set<String> ids = new HashSet<>();
            long batchOffset = job.nextOffset();
            long batchLine = job.nextLine();
            long written = 0;
            while (!stopping) {
                long offsetBefore = reader.offset();
                long lineBefore = reader.nextLine();
                RawRecord record = reader.next();
                String externalId = record == null ? null : record.values()[EXTERNAL_ID];
                boolean repeat = externalId != null && ids.contains(externalId);
                if (record == null || repeat || batch.size() == batchSize) {
                    if (!batch.isEmpty()) {
                        // the repeated id (or the record over the size) goes in the next batch: a batch never sees
                        // the same contact twice
                        long elapsed = Math.max(1, System.nanoTime() - started);
                        long rate = (rowsThisRun + batch.size()) * 1_000_000_000L / elapsed;
                        Instant now = clock.instant();
                        var progress = batches.write(job, batch, offsetBefore, lineBefore, now, rate,
                                now.plus(lease));
                        rowsThisRun += progress.rows();
                        done += progress.rows();
                        if (progress.rowsNew() > 0 && rowsThisRun >= analyzeAt) {
                            // this run doubled its rows since the planner last looked: let it see them
                            contacts.refreshStatistics();
                            analyzeAt *= 2;
                        }
                        written++;
                        batch.clear();
                        ids.clear();
                        if (System.nanoTime() - lastLog >= progressInterval.toNanos()) {
                            lastLog = System.nanoTime();
                            log.info("Import {}: {} of {} rows ({} %), {} rows/s", job.id(), done, job.rowsTotal(),
                                    job.rowsTotal() == 0 ? 100 : done * 100 / job.rowsTotal(), rate);
                        }
                        if (written >= maxBatches) {
                            return null;
                        }
                    }
                    if (record == null) {
                        long elapsed = Math.max(1, System.nanoTime() - started);
                        return rowsThisRun * 1_000_000_000L / elapsed;
                    }
                }
                batch.add(record);
                if (externalId != null) {
                    ids.add(externalId);
                }
            }
            return null;
        }
    }

    private static RecordReader reader(ImportRepository.Job job, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(job.nextOffset());
            InputStream in = Channels.newInputStream(channel);
            if (job.format() == ImportFormat.NDJSON) {
                return new NdjsonReader(in, job.nextOffset(), job.nextLine());
            }
            CsvReader.Header header;
            try (InputStream head = new BufferedInputStream(Files.newInputStream(file))) {
                header = CsvReader.header(head);
            }
            return CsvReader.records(in, job.nextOffset(), job.nextLine(), header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Counts the records while the body is spooled, without holding it: CSV line ends outside quotes (and a last
     * line without one), NDJSON non-blank lines.
     */
    private static final class RowCounter {
        private final boolean csv;
        private boolean inQuotes;
        private boolean lineHasContent;
        private long records;

        RowCounter(ImportFormat format) {
            this.csv = format == ImportFormat.CSV;
        }

        void count(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (csv && b == '"') {
                    inQuotes = !inQuotes;
                    lineHasContent = true;
                } else if (b == '\n' && !inQuotes) {
                    if (lineHasContent) {
                        records++;
                    }
                    lineHasContent = false;
                } else if (b != '\r' && b != ' ' && b != '\t' && !(b == '\n')) {
                    lineHasContent = true;
                }
            }
        }

        long records() {
            return records + (lineHasContent ? 1 : 0);
        }
    }

    static final class ImportTooLargeException extends UncheckedIOException {
        ImportTooLargeException(long limit) {
            super("The file exceeds " + limit + " bytes (rekindle.imports.max-size).", new IOException());
        }
    }
}
