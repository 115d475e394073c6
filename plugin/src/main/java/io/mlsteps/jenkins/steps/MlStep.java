package io.mlsteps.jenkins.steps;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import io.mlsteps.jenkins.engine.GateSpec;
import io.mlsteps.jenkins.engine.StepArguments;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the seven ML steps: the arguments every step has ({@code qualityGates}, {@code failOnError},
 * {@code runDir}, {@code jvmOptions}) and the reading of the step-specific ones through their getters, in
 * the order and with the names of {@link StepArguments}.
 */
public abstract class MlStep extends Step {
    public static final String DEFAULT_RUN_DIR = ".mlsteps";

    private List<QualityGate> qualityGates = new ArrayList<>();
    private boolean failOnError = true;
    private String runDir = DEFAULT_RUN_DIR;
    private String jvmOptions;

    /** The step's Jenkinsfile function name, e.g. {@code trainModel}. */
    public abstract String getFunctionName();

    public List<QualityGate> getQualityGates() {
        return qualityGates;
    }

    @DataBoundSetter
    public void setQualityGates(List<QualityGate> qualityGates) {
        this.qualityGates = qualityGates == null ? new ArrayList<>() : new ArrayList<>(qualityGates);
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    public String getRunDir() {
        return runDir;
    }

    @DataBoundSetter
    public void setRunDir(String runDir) {
        this.runDir = runDir == null || runDir.isBlank() ? DEFAULT_RUN_DIR : runDir.trim();
    }

    public String getJvmOptions() {
        return jvmOptions;
    }

    @DataBoundSetter
    public void setJvmOptions(String jvmOptions) {
        this.jvmOptions = jvmOptions == null || jvmOptions.isBlank() ? null : jvmOptions.trim();
    }

    /** A text argument as the request takes it: trimmed, and null (unset) when blank. */
    protected static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A list argument as the request takes it: a copy, and null (unset) when empty. */
    protected static List<String> list(List<String> values) {
        return values == null || values.isEmpty() ? null : new ArrayList<>(values);
    }

    /** The gates as plain values; a bad criticality or direction is reported with the gate's metric. */
    public List<GateSpec> gateSpecs() {
        List<GateSpec> specs = new ArrayList<>();
        for (QualityGate gate : qualityGates) {
            specs.add(gate.toSpec());
        }
        return specs;
    }

    /** The step-specific argument values by name (null when unset), read through the getters. */
    public Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (StepArguments.Argument argument : StepArguments.of(getFunctionName())) {
            values.put(argument.name(), read(argument.name()));
        }
        return values;
    }

    private Object read(String name) {
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String prefix : new String[] {"get", "is"}) {
            try {
                Method getter = getClass().getMethod(prefix + suffix);
                return getter.invoke(this);
            } catch (NoSuchMethodException e) {
                // try the next prefix
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read argument " + name + " of " + getFunctionName(), e);
            }
        }
        throw new IllegalStateException(getClass().getName() + " has no getter for argument '" + name + "'");
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new MlStepExecution(this, context, MlStepsConfiguration.get().settings());
    }

    /** Descriptor base: the context every ML step needs, and the function name from the step table. */
    public abstract static class MlStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }
    }
}
