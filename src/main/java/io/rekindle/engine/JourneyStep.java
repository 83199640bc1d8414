package io.rekindle.engine;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A step of a journey the diagram calls by bean name ({@code camunda:delegateExpression="${sendEmail}"}): a thin
 * delegate that reads the {@link Step}, calls a feature service and writes the result back. A {@link StepError}
 * becomes a BPMN error; anything else is a technical failure (retry, then incident).
 */
public abstract class JourneyStep implements JavaDelegate {

    /** The step's work, for steps declared as a lambda ({@link #of}). */
    @FunctionalInterface
    public interface Action {
        void run(Step step) throws Exception;
    }

    public static JourneyStep of(Action action) {
        return new JourneyStep() {
            @Override
            protected void run(Step step) throws Exception {
                action.run(step);
            }
        };
    }

    protected abstract void run(Step step) throws Exception;

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        try {
            run(new ExecutionStep(execution));
        } catch (StepError e) {
            throw new BpmnError(e.code(), e.getMessage());
        }
    }

    private record ExecutionStep(DelegateExecution execution) implements Step {

        @Override
        public Object variable(String name) {
            return execution.getVariable(name);
        }

        @Override
        public void setVariable(String name, Object value) {
            execution.setVariable(name, value);
        }

        @Override
        public Object input(String name) {
            return execution.getVariableLocal(name);
        }

        @Override
        public String businessKey() {
            return execution.getProcessBusinessKey();
        }

        @Override
        public String processInstanceId() {
            return execution.getProcessInstanceId();
        }

        @Override
        public String activityId() {
            return execution.getCurrentActivityId();
        }

        @Override
        public String processKey() {
            return execution.getProcessDefinitionId().split(":")[0];
        }
    }
}
