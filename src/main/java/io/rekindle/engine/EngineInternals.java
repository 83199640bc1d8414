package io.rekindle.engine;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContextInterceptor;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutorImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.spring.SpringTransactionInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Everything that reaches into the engine's internals ({@code ..impl..}), which no public API offers: its clock,
 * a command context of our own, the DMN engine's listener hook. Nowhere else; an engine upgrade checks here first.
 */
@Component
public class EngineInternals {

    private final CommandInterceptor freshCommand;

    EngineInternals(ProcessEngine engine, PlatformTransactionManager transactions) {
        var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        var joinTransaction = new SpringTransactionInterceptor(transactions,
                TransactionDefinition.PROPAGATION_REQUIRED, configuration);
        var newContext = new CommandContextInterceptor(configuration.getCommandContextFactory(), configuration, true);
        joinTransaction.setNext(newContext);
        newContext.setNext(new CommandExecutorImpl());
        this.freshCommand = joinTransaction;
    }

    /**
     * Runs engine work in a command context of its own that joins the current Spring transaction.
     * <p>
     * Work that runs inside an engine job would otherwise join the job's command context: its changes would be
     * written only when the job ends, outside the caller's own transaction, and a history deletion would not see
     * the process instances cancelled a moment before. A fresh command context is flushed when the work returns,
     * into the caller's transaction, which commits (or rolls back) everything.
     */
    <T> T inFreshCommand(Supplier<T> work) {
        return freshCommand.execute(commandContext -> work.get());
    }

    /** The engine's clock (JVM-wide) stops at {@code now}: timers and dates the engine writes follow it. */
    public static void setEngineTime(Instant now) {
        ClockUtil.setCurrentTime(Date.from(now));
    }

    /** The engine's clock follows the system clock again. */
    public static void resetEngineTime() {
        ClockUtil.reset();
    }

    /** A standalone DMN engine whose every evaluation is also handed to {@code listener}. */
    static DmnEngine dmnEngine(DmnDecisionEvaluationListener listener) {
        DefaultDmnEngineConfiguration configuration =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        configuration.customPostDecisionEvaluationListeners(List.of(listener));
        return configuration.buildEngine();
    }
}
