package io.rekindle.support.coverage;

import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.context.annotation.Configuration;

/**
 * Test classpath only (picked up by every test context's component scan): listens to every flow node and sequence
 * flow of every deployed process and records what runs in {@link ProcessCoverage}.
 */
@Configuration
public class CoverageEnginePlugin extends AbstractProcessEnginePlugin {

    private static final ExecutionListener NODE = execution ->
            ProcessCoverage.node(execution.getProcessDefinitionId(), execution.getCurrentActivityId());
    private static final ExecutionListener FLOW = execution ->
            ProcessCoverage.flow(execution.getProcessDefinitionId(), execution.getCurrentTransitionId());

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                listen(processDefinition);
            }
        });
    }

    private static void listen(ScopeImpl scope) {
        for (ActivityImpl activity : scope.getActivities()) {
            activity.addListener(ExecutionListener.EVENTNAME_START, NODE);
            for (var transition : activity.getOutgoingTransitions()) {
                ((TransitionImpl) transition).addListener(ExecutionListener.EVENTNAME_TAKE, FLOW);
            }
            listen(activity);
        }
    }
}
