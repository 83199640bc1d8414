package io.rekindle.support;

import java.time.Instant;

import com.icegreen.greenmail.util.GreenMail;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a {@link RekindleIntegrationTest} that drives the app over HTTP starts from, in one place: the API client, the
 * time machine set to {@link #start()}, an empty mailbox at the app's SMTP server, and the engine services and
 * database the assertions read. The clock goes back to the real one after each test.
 */
public abstract class OverHttp {

    @LocalServerPort
    protected int port;
    @Autowired
    protected ManagementService management;
    @Autowired
    protected RuntimeService runtime;
    @Autowired
    protected HistoryService history;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected GreenMail smtp;

    protected Api api;
    protected TimeMachine time;

    /** The moment each test begins at. */
    protected abstract Instant start();

    @BeforeEach
    final void startOverHttp() throws Exception {
        api = new Api(port);
        time = new TimeMachine(management);
        time.travelTo(start());
        if (!smtp.isRunning()) { // a test may have stopped it to play an outage
            smtp.start();
        }
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    final void backToRealTime() {
        TimeMachine.reset();
    }
}
