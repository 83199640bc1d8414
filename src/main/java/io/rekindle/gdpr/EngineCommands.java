package io.rekindle.gdpr;

import java.util.function.Supplier;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContextInterceptor;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutorImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.spring.SpringTransactionInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Runs engine work in a command context of its own that joins the current Spring transaction.
 * <p>
 * The erasure runs inside an engine job, whose command context engine calls would otherwise join: their
 * changes would be written only when the job ends, outside the contact's own transaction, and a history
 * deletion would not see the process instances cancelled a moment before. A fresh command context is
 * flushed when the work returns, into the contact's transaction, which commits (or rolls back) everything.
 */
@Component
class EngineCommands {

    private final CommandInterceptor executor;

    EngineCommands(ProcessEngine engine, PlatformTransactionManager transactions) {
        var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        var joinTransaction = new SpringTransactionInterceptor(transactions,
                TransactionDefinition.PROPAGATION_REQUIRED, configuration);
        var newContext = new CommandContextInterceptor(configuration.getCommandContextFactory(), configuration, true);
        joinTransaction.setNext(newContext);
        newContext.setNext(new CommandExecutorImpl());
        this.executor = joinTransaction;
    }

    <T> T inFreshCommand(Supplier<T> work) {
        return executor.execute(commandContext -> work.get());
    }
}
