package io.mlsteps.contract.result;

/** What a single check concluded. INCONCLUSIVE means the evidence could not decide (e.g. too few rows). */
public enum CheckOutcome {
    PASSED, FAILED, INCONCLUSIVE
}
