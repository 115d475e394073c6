package io.mlsteps.jenkins.steps;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.mlsteps.jenkins.engine.GateSpec;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serializable;

/**
 * One entry of {@code qualityGates: [[metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']]}, the shape
 * users of the coverage and warnings-ng plugins know. In compareToBaseline a gate may bound the change against the
 * baseline instead: {@code [metric: 'accuracy', maxDrop: 0.01, criticality: 'FAILURE']}.
 */
public class QualityGate implements Describable<QualityGate>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String metric;
    private Double threshold;
    private String criticality = "UNSTABLE";
    private String direction;
    private Double maxDrop;
    private Double maxRelativeDrop;
    private Double minImprovement;
    private Double maxImprovement;

    @DataBoundConstructor
    public QualityGate(String metric) {
        this.metric = metric;
    }

    /** The common case: a metric and its absolute bound. */
    public QualityGate(String metric, double threshold) {
        this(metric);
        this.threshold = threshold;
    }

    public String getMetric() {
        return metric;
    }

    public Double getThreshold() {
        return threshold;
    }

    /** The absolute bound; optional only in compareToBaseline, where a relative bound may replace it. */
    @DataBoundSetter
    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }

    public Double getMaxDrop() {
        return maxDrop;
    }

    /** compareToBaseline: largest tolerated absolute regression against the baseline. */
    @DataBoundSetter
    public void setMaxDrop(Double maxDrop) {
        this.maxDrop = maxDrop;
    }

    public Double getMaxRelativeDrop() {
        return maxRelativeDrop;
    }

    /** compareToBaseline: largest tolerated relative regression, e.g. 0.02 for 2%. */
    @DataBoundSetter
    public void setMaxRelativeDrop(Double maxRelativeDrop) {
        this.maxRelativeDrop = maxRelativeDrop;
    }

    public Double getMinImprovement() {
        return minImprovement;
    }

    /** compareToBaseline: the improvement the candidate must show. */
    @DataBoundSetter
    public void setMinImprovement(Double minImprovement) {
        this.minImprovement = minImprovement;
    }

    public Double getMaxImprovement() {
        return maxImprovement;
    }

    /** compareToBaseline: an improvement above this is suspicious (a leakage alarm). */
    @DataBoundSetter
    public void setMaxImprovement(Double maxImprovement) {
        this.maxImprovement = maxImprovement;
    }

    public String getCriticality() {
        return criticality;
    }

    /** NOTE, UNSTABLE (default), ERROR or FAILURE. */
    @DataBoundSetter
    public void setCriticality(String criticality) {
        this.criticality = criticality == null || criticality.isBlank() ? "UNSTABLE" : criticality.trim();
    }

    public String getDirection() {
        return direction;
    }

    /** HIGHER_IS_BETTER or LOWER_IS_BETTER; empty when the engine knows the metric's direction. */
    @DataBoundSetter
    public void setDirection(String direction) {
        this.direction = direction == null || direction.isBlank() ? null : direction.trim();
    }

    /** The plain value the engine request is built from; validates criticality and direction. */
    public GateSpec toSpec() {
        return new GateSpec(metric, threshold, criticality, direction, maxDrop, maxRelativeDrop, minImprovement,
                maxImprovement);
    }

    @Extension
    @Symbol("qualityGate")
    public static class DescriptorImpl extends Descriptor<QualityGate> {
        @Override
        public String getDisplayName() {
            return "Quality gate";
        }

        public ListBoxModel doFillCriticalityItems() {
            ListBoxModel items = new ListBoxModel();
            for (String value : GateSpec.CRITICALITIES) {
                items.add(value);
            }
            return items;
        }

        public ListBoxModel doFillDirectionItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("");
            for (String value : GateSpec.DIRECTIONS) {
                items.add(value);
            }
            return items;
        }
    }
}
