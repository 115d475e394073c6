package io.mlsteps.jenkins.engine;

import io.mlsteps.contract.result.ChartRef;
import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.Criticality;
import io.mlsteps.contract.result.OutputFile;
import io.mlsteps.contract.result.StepResult;

import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code result.json} ({@link EngineResult}) as the contract's {@link StepResult}, so the plugin decides the
 * outcome and builds the returned map with the contract's rules ({@link io.mlsteps.contract.result.Outcome},
 * {@link io.mlsteps.contract.result.ReturnValue}), as the local runner does.
 */
public final class ContractResult {
    private ContractResult() {
    }

    public static StepResult of(EngineResult result) {
        StepResult contract = new StepResult();
        contract.setStep(result.getStep());
        contract.setSummary(result.getSummary());
        for (EngineResult.Check c : result.getChecks()) {
            contract.addCheck(new Check(c.name(), c.metric(), c.observed(), c.expected(), criticality(c.criticality()),
                    outcome(c.outcome()), c.message(), Map.of()));
        }
        contract.setMetrics(result.getMetrics());
        for (EngineResult.Output o : result.getOutputs()) {
            contract.getOutputs().add(new OutputFile(o.name(), o.path(), o.sha256(), o.bytes()));
        }
        for (EngineResult.Chart c : result.getCharts()) {
            contract.getCharts().add(new ChartRef(c.id(), c.title(), c.path()));
        }
        contract.setDetails(result.getDetails());
        return contract;
    }

    /** A criticality this plugin knows, or null (informative only) for one it does not. */
    private static Criticality criticality(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Criticality.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An outcome this plugin does not know counts as not passed, so it is never silently a pass. */
    private static CheckOutcome outcome(String text) {
        try {
            return CheckOutcome.valueOf(text == null ? "" : text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CheckOutcome.FAILED;
        }
    }
}
