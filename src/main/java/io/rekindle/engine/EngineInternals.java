package io.rekindle.engine;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.cmd.CreateMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserCmd;
import org.camunda.bpm.engine.impl.cmd.SaveGroupCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContextInterceptor;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutorImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.engine.spring.SpringTransactionInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
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

    /**
     * The correlation reaches waiting executions only, never a message start event: the builder's switch for it is
     * not on the engine's public interface (it is on its implementation, in Camunda 7.24 and Operaton alike).
     */
    static MessageCorrelationBuilder executionsOnly(MessageCorrelationBuilder correlation) {
        return ((MessageCorrelationBuilderImpl) correlation).executionsOnly();
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

    /**
     * What the engine lets a model do. A BPMN runs code when it is deployed (its expressions and delegates run inside
     * the app), so only administrators and marketing ops deploy one, whatever their engine authorizations say about
     * deployments (analysts deploy decision tables through the same call); our own start-up deployment runs as no
     * user. And expressions reach the journey steps and the {@link ExpressionBean}s only, never any other bean.
     */
    @Component
    static class Hardening extends AbstractProcessEnginePlugin {

        private static final Set<String> MAY_DEPLOY_BPMN = Set.of(Role.ADMINISTRATOR.groupId(),
                Role.MARKETING_OPS.groupId());

        private final ApplicationContext context;

        Hardening(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            List<Deployer> deployers = new ArrayList<>(Optional.ofNullable(configuration.getCustomPreDeployers())
                    .orElse(List.of()));
            deployers.add(deployment -> {
                var caller = configuration.getIdentityService().getCurrentAuthentication();
                // a deployment read again into a node's cache is not new: only a new one is checked, as its deployer
                if (deployment.isNew() && caller != null && deployment.getResources() != null
                        && deployment.getResources().keySet().stream().anyMatch(Hardening::isBpmn)
                        && (caller.getGroupIds() == null
                                || caller.getGroupIds().stream().noneMatch(MAY_DEPLOY_BPMN::contains))) {
                    throw new AuthorizationException("User '" + caller.getUserId() + "' may not deploy a BPMN"
                            + " process: only administrators and marketing ops deploy journeys (a BPMN runs code);"
                            + " analysts deploy decision tables (DMN) only.");
                }
            });
            configuration.setCustomPreDeployers(deployers);
            var beans = new ExpressionBeans(context);
            configuration.setBeans(beans);
            configuration.setExpressionManager(new SpringExpressionManager(context, beans));
        }

        private static boolean isBpmn(String resourceName) {
            return resourceName.endsWith(".bpmn") || resourceName.endsWith(".bpmn20.xml");
        }
    }

    /**
     * The job table's acquisition indexes ({@link JobAcquisitionIndexes}), once the engine's schema is there, and a
     * due date for the jobs an earlier version wrote without one (the engine runs with {@code
     * ensureJobDueDateNotNull}: its acquisition no longer looks for jobs without a due date).
     */
    @Component
    static class AcquisitionIndexes extends AbstractProcessEnginePlugin {

        @Override
        public void postProcessEngineBuild(ProcessEngine engine) {
            var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
            if (configuration.isEnsureJobDueDateNotNull()) {
                JobAcquisitionIndexes.dueDatesSet(configuration.getDataSource(),
                        configuration.getDatabaseTablePrefix());
            }
            JobAcquisitionIndexes.ensure(configuration.getDataSource(), configuration.getDatabaseType(),
                    configuration.getDatabaseTablePrefix());
        }
    }

    /**
     * A user, password, group or membership changed through the engine on this node (the Admin webapp, the identity
     * service): the credentials verified before it are verified again ({@link VerifiedCredentials}), from the moment
     * the change commits. (Emptied once more at commit: a request verified between the change and its commit read
     * the state before it.)
     */
    @Component
    static class IdentityChanges extends AbstractProcessEnginePlugin {

        private final VerifiedCredentials verified;

        IdentityChanges(VerifiedCredentials verified) {
            this.verified = verified;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            List<CommandInterceptor> interceptors = new ArrayList<>(Optional.ofNullable(
                    configuration.getCustomPostCommandInterceptorsTxRequired()).orElse(List.of()));
            interceptors.add(new CommandInterceptor() {
                @Override
                public <T> T execute(Command<T> command) {
                    T result = next.execute(command);
                    if (changesIdentity(command)) {
                        verified.forgetAll();
                        Context.getCommandContext().getTransactionContext()
                                .addTransactionListener(TransactionState.COMMITTED, context -> verified.forgetAll());
                    }
                    return result;
                }
            });
            configuration.setCustomPostCommandInterceptorsTxRequired(interceptors);
        }

        private static boolean changesIdentity(Command<?> command) {
            return command instanceof SaveUserCmd || command instanceof DeleteUserCmd
                    || command instanceof CreateMembershipCmd || command instanceof DeleteMembershipCmd
                    || command instanceof SaveGroupCmd || command instanceof DeleteGroupCmd;
        }
    }

    /**
     * Every process instance, as it starts, is handed to the {@link JourneyStartListener} beans: a listener on the
     * process's start, added to every process when it is parsed (no model has to name it, so a journey drawn in the
     * Modeler is covered too). The listeners are looked up at the first start: the engine is built before them.
     */
    @Component
    static class JourneyStarts extends AbstractProcessEnginePlugin {

        private final ObjectProvider<JourneyStartListener> provider;
        /** Resolved at the first start, then kept: a start (the sign-up's relaunch) looks no bean up. */
        private volatile List<JourneyStartListener> listeners;

        JourneyStarts(ObjectProvider<JourneyStartListener> provider) {
            this.provider = provider;
        }

        private List<JourneyStartListener> listeners() {
            List<JourneyStartListener> known = listeners;
            if (known == null) {
                known = provider.orderedStream().toList();
                listeners = known;
            }
            return known;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            var parseListeners = new ArrayList<>(Optional.ofNullable(configuration.getCustomPostBPMNParseListeners())
                    .orElse(List.of()));
            ExecutionListener onStart = execution -> {
                if (execution.getProcessInstance() != execution) {
                    return; // the start of an event subprocess, not of the instance
                }
                var starting = new Starting(execution);
                listeners().forEach(listener -> listener.starting(starting));
            };
            parseListeners.add(new AbstractBpmnParseListener() {
                @Override
                public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                    processDefinition.addListener(ExecutionListener.EVENTNAME_START, onStart);
                }
            });
            configuration.setCustomPostBPMNParseListeners(parseListeners);
        }
    }

    /**
     * Every service task whose delegate a {@link DeployedStepCheck} is about is checked as its diagram is parsed, on
     * its literal input parameters: a refused one fails the deployment (the cause, an
     * {@link IllegalArgumentException}, makes it a 400 to the Modeler: {@link DeploymentParseErrors}).
     */
    @Component
    static class DeployedStepChecks extends AbstractProcessEnginePlugin {

        private final ObjectProvider<DeployedStepCheck> provider;

        DeployedStepChecks(ObjectProvider<DeployedStepCheck> provider) {
            this.provider = provider;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            var parseListeners = new ArrayList<>(Optional.ofNullable(configuration.getCustomPreBPMNParseListeners())
                    .orElse(List.of()));
            parseListeners.add(new AbstractBpmnParseListener() {
                @Override
                public void parseServiceTask(Element task, ScopeImpl scope, ActivityImpl activity) {
                    String delegate = task.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
                    if (delegate == null) {
                        return;
                    }
                    // looked up at each parse: the beans are built after the engine, and deployments are rare
                    provider.orderedStream().filter(c -> c.delegateExpression().equals(delegate)).forEach(check -> {
                        try {
                            check.check(task.attribute("id"), inputs(task));
                        } catch (IllegalArgumentException e) {
                            throw new ProcessEngineException(e.getMessage(), e);
                        }
                    });
                }
            });
            configuration.setCustomPreBPMNParseListeners(parseListeners);
        }

        private static Map<String, String> inputs(Element task) {
            Map<String, String> inputs = new HashMap<>();
            Element extensions = task.element("extensionElements");
            Element io = extensions == null ? null
                    : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputOutput");
            if (io != null) {
                for (Element input : io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
                    inputs.put(input.attribute("name"), input.getText());
                }
            }
            return inputs;
        }
    }

    private record Starting(DelegateExecution execution) implements JourneyStartListener.StartingJourney {

        @Override
        public String processKey() {
            String definitionId = execution.getProcessDefinitionId(); // key:version:id
            return definitionId.substring(0, definitionId.indexOf(':'));
        }

        @Override
        public String businessKey() {
            return execution.getProcessBusinessKey();
        }

        @Override
        public Object variable(String name) {
            return execution.getVariable(name);
        }

        @Override
        public void setVariable(String name, Object value) {
            execution.setVariable(name, value);
        }

        @Override
        public boolean called() {
            return execution.getSuperExecution() != null;
        }

        @Override
        public Object callerVariable(String name) {
            return called() ? execution.getSuperExecution().getVariable(name) : null;
        }
    }

    /** The beans a model's expressions may name, looked up when first named (the engine is built before them). */
    private static final class ExpressionBeans extends AbstractMap<Object, Object> {

        private final ApplicationContext context;
        private final Map<Object, Boolean> allowed = new ConcurrentHashMap<>();

        ExpressionBeans(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public boolean containsKey(Object name) {
            return allowed.computeIfAbsent(name, n -> n instanceof String bean && context.containsBean(bean)
                    && (JourneyStep.class.isAssignableFrom(typeOf(bean))
                            || context.findAnnotationOnBean(bean, ExpressionBean.class) != null));
        }

        private Class<?> typeOf(String bean) {
            Class<?> type = context.getType(bean);
            return type == null ? Object.class : type;
        }

        @Override
        public Object get(Object name) {
            return containsKey(name) ? context.getBean((String) name) : null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return Set.of();
        }
    }
}
