package io.rekindle.simulation;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.RekindleApplication;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxRepository;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;

import io.rekindle.engine.ProcessHistory;
import io.rekindle.engine.ProcessModels;
import io.rekindle.engine.ProcessRuntime;
import io.rekindle.experiment.Holdouts;
import io.rekindle.experiment.Variants;
import io.rekindle.system.MovableClock;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.journey.Journeys;

/**
 * The journey simulator's own JVM (started by {@link JourneySimulator}): the whole application on an in-memory
 * database and engine of its own, nothing sent, the application's clock (a {@link MovableClock}, which the engine
 * follows) driven through the persona's timeline. Its own JVM because the engine clock is JVM-wide: moving it here
 * must never move the real journeys' timers.
 * <p>Arguments: the request (JSON), a folder with the models to deploy, the file to write the result to.
 */
public final class SimulationMain {

    private SimulationMain() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        SimulationRequest request = json.readValue(Path.of(args[0]).toFile(), SimulationRequest.class);
        MovableClock clock = new MovableClock();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RekindleApplication.class)
                .initializers(new UseClock(clock))
                .logStartupInfo(false)
                .run(settings(Path.of(args[0]).toAbsolutePath().getParent()));
        int exit = 0;
        try {
            deploy(app.getBean(ProcessModels.class), Path.of(args[1]));
            SimulationResult result = new Run(app, clock, request).play();
            json.writeValue(Path.of(args[2]).toFile(), result);
        } catch (RuntimeException e) {
            Files.writeString(Path.of(args[2] + ".error"), String.valueOf(e.getMessage()));
            exit = 1;
        } finally {
            app.close();
        }
        System.exit(exit);
    }

    /**
     * Command-line settings, which win over anything else Spring Boot reads (environment, system properties, files):
     * whatever this JVM was given, it works on an in-memory database of its own and reaches no mail server, SMS
     * provider or other outside system.
     */
    static String[] settings(Path workDir) {
        return new String[] {
            // the packaged application.yml only: no config/ or application.yml of a working folder
            "--spring.config.location=classpath:/application.yml",
            "--spring.datasource.url=jdbc:h2:mem:simulation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "--spring.datasource.driver-class-name=org.h2.Driver",
            "--spring.datasource.username=sa", "--spring.datasource.password=",
            "--rekindle.data-dir=" + workDir.resolve("data"),
            "--rekindle.security.admin-password=" + UUID.randomUUID(),
            "--rekindle.security.generate-local-password=false",
            "--rekindle.security.link-secret=" + UUID.randomUUID() + UUID.randomUUID(),
            "--rekindle.security.generate-local-link-secret=false",
            "--rekindle.public-url=http://simulation.invalid",
            // nothing is sent: no dispatcher at all, and nowhere to send to
            "--rekindle.mail.enabled=false", "--rekindle.mail.scheduled=false",
            "--spring.mail.host=smtp.invalid", "--spring.mail.username=", "--spring.mail.password=",
            "--rekindle.sms.enabled=false", "--rekindle.sms.scheduled=false",
            "--rekindle.sms.base-url=http://sms.invalid/", "--rekindle.sms.api-key=",
            // one persona, no daily run to grant slots: the ramp is noted, not simulated
            "--rekindle.ramp.enabled=false",
            // the simulation runs the jobs itself, on its own clock
            "--camunda.bpm.job-execution.enabled=false", "--rekindle.inbox.scheduled=false",
            "--camunda.bpm.generate-unique-process-engine-name=true",
            // the starters expect a servlet container: a private one on a free loopback port
            "--server.port=0", "--server.address=127.0.0.1",
            "--logging.level.root=WARN",
            "--spring.main.banner-mode=off"};
    }

    /**
     * The application's clock is the simulation's: registered before the context starts (ahead of any other
     * initializer), so the application's own {@code Clock} bean stands back.
     */
    private record UseClock(MovableClock clock)
            implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("clock", clock);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** The versions deployed in the real engine (what marketing ops and analysts deployed last). */
    private static void deploy(ProcessModels models, Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        models.deploy("simulated", null, false, files);
    }

    private static final class Run {

        private final MovableClock clock;
        private final ProcessRuntime runtime;
        private final ProcessModels models;
        private final ProcessHistory history;
        private final ContactService contacts;
        private final EventIntake events;
        private final OutboxService outbox;
        private final OutboxRepository outboxRows;
        private final Variants variants;
        private final Holdouts holdouts;
        private final SimulationRequest request;
        private final Instant start = Instant.parse("2026-01-05T09:00:00Z");
        private final List<String> notes = new ArrayList<>();

        Run(ConfigurableApplicationContext app, MovableClock clock, SimulationRequest request) {
            this.clock = clock;
            this.runtime = app.getBean(ProcessRuntime.class);
            this.models = app.getBean(ProcessModels.class);
            this.history = app.getBean(ProcessHistory.class);
            this.contacts = app.getBean(ContactService.class);
            this.events = app.getBean(EventIntake.class);
            this.outbox = app.getBean(OutboxService.class);
            this.outboxRows = app.getBean(OutboxRepository.class);
            this.variants = app.getBean(Variants.class);
            this.holdouts = app.getBean(Holdouts.class);
            this.request = request;
        }

        SimulationResult play() {
            var persona = request.persona();
            clock.moveTo(start);
            long contactId = contacts.signUp(new SignUpRequest("persona", "persona@example.invalid",
                    persona.phone(), "Persona", persona.locale() == null ? "fr" : persona.locale(),
                    persona.emailConsent() == null || persona.emailConsent(),
                    persona.smsConsent() != null && persona.smsConsent())).orElseThrow().id();
            // the arms marketing ops chose, recorded before any split runs (a split is asynchronous, and jobs run only
            // when the simulation moves the clock): the split then takes them as a contact's recorded arm
            persona.chosenArms().forEach((experiment, arm) -> variants.assignAhead(contactId, experiment, arm));
            String businessKey = String.valueOf(contactId);
            if (Journeys.INACTIVE_WINBACK.equals(request.journey())) {
                // a contact who signed up long ago and was just found INACTIVE by the daily classification
                runtime.running(businessKey).forEach(p -> runtime.delete(p.processInstanceId(), "simulation"));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(Journeys.VAR_CONTACT_ID, contactId);
                entry.put("segment", "INACTIVE");
                runtime.correlateAll("ContactEnteredSegment", businessKey, null, entry);
                notes.add("The deliverability ramp is not simulated: a win-back email may wait for the next"
                        + " daily run's send slot.");
            }
            List<SimulationRequest.Step> timeline = request.timeline().stream()
                    .sorted(Comparator.comparing(SimulationRequest.Step::day)).toList();
            for (SimulationRequest.Step step : timeline) {
                advanceTo(start.plus(Duration.ofDays(step.day())).plus(Duration.ofHours(3)));
                apply(contactId, step);
            }
            Instant horizon = start.plus(Duration.ofDays(request.horizon()));
            while (running(businessKey) && advanceToNextJob(horizon)) {
                // journeys move on by themselves until they end or the horizon
            }
            if (running(businessKey)) {
                notes.add("Still in a journey at the horizon (day " + request.horizon() + ").");
            }
            return new SimulationResult(request.journey(), messages(contactId), journeys(businessKey),
                    experiments(contactId), notes);
        }

        private void apply(long contactId, SimulationRequest.Step step) {
            EventType type = EventType.valueOf(step.type());
            Long messageId = null;
            if (type == EventType.EMAIL_OPENED || type == EventType.EMAIL_CLICKED) {
                var last = outbox.find(contactId, null, 50).stream()
                        .filter(m -> m.status() != io.rekindle.outbox.MessageStatus.SKIPPED)
                        .max(Comparator.comparing(OutboxMessage::createdAt));
                if (last.isEmpty()) {
                    notes.add("Day " + step.day() + ": " + type + " ignored, no message received yet.");
                    return;
                }
                messageId = last.get().id();
                // the simulated world delivers every message at once: only a delivered message can be opened
                outboxRows.markSentWithoutTransport(messageId, clock.instant());
            }
            BigDecimal amount = type == EventType.PURCHASE
                    ? (step.amount() == null ? new BigDecimal("50.00") : step.amount()) : null;
            events.accept(new EventRequest(contactId, null, type, null, null, amount, null, messageId));
        }

        /** Runs every job due up to {@code target}, the clock following each job's due date, then stops there. */
        private void advanceTo(Instant target) {
            while (advanceToNextJob(target)) {
                // next job
            }
            clock.moveTo(target);
        }

        private boolean advanceToNextJob(Instant limit) {
            Instant now = clock.instant();
            ProcessRuntime.DueJob next = runtime.nextJobDueBy(limit).orElse(null);
            if (next == null) {
                return false;
            }
            if (next.dueDate() != null && next.dueDate().isAfter(now)) {
                clock.moveTo(next.dueDate());
            }
            try {
                runtime.executeJob(next.id());
            } catch (RuntimeException e) {
                notes.add("A step failed: " + e.getMessage());
                runtime.giveUpJob(next.id());
            }
            return true;
        }

        private boolean running(String businessKey) {
            return runtime.anyRunning(businessKey);
        }

        private List<SimulationResult.Message> messages(long contactId) {
            return outbox.find(contactId, null, 200).stream().sorted(Comparator.comparing(OutboxMessage::createdAt))
                    .map(m -> new SimulationResult.Message(day(m.createdAt()), m.createdAt().toString(), m.journey(),
                            m.activityId(), m.channel(), m.template(), m.subject(), m.status().name(), m.skipReason(),
                            m.offerCode() != null, m.experiment(), m.experimentArm()))
                    .toList();
        }

        /**
         * The variant splits the persona went through: the arm each recorded (holdouts and global control aside; an
         * arm chosen for an experiment whose split the persona never reached registered no experiment).
         */
        private List<SimulationResult.ExperimentArm> experiments(long contactId) {
            return holdouts.groups(contactId).stream()
                    .filter(g -> g.recorded() && variants.registered(g.experiment()))
                    .map(g -> new SimulationResult.ExperimentArm(g.experiment(), g.arm()))
                    .toList();
        }

        private List<SimulationResult.Journey> journeys(String businessKey) {
            List<SimulationResult.Journey> journeys = new ArrayList<>();
            for (ProcessHistory.PastJourney p : history.journeys(businessKey)) {
                if ("simulation".equals(p.deleteReason())) {
                    continue; // the sign-up's relaunch, removed to simulate a contact who signed up long ago
                }
                var definition = models.processDefinition(p.definitionId());
                journeys.add(new SimulationResult.Journey(definition.key(), definition.version(),
                        day(p.start()), p.end() == null ? null : day(p.end()),
                        p.end() == null ? null : p.end().toString(), p.endActivityId()));
            }
            return journeys;
        }

        private int day(Instant at) {
            return (int) Duration.between(start, at).toDays();
        }
    }
}
