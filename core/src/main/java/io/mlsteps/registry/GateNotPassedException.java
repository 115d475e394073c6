package io.mlsteps.registry;

import io.mlsteps.util.InputException;

/**
 * An alias move refused because the version has no passed evaluation or comparison while the move
 * requires one ({@code requireGate}, or a protected alias). Front ends treat it as a failed gate.
 */
public class GateNotPassedException extends InputException {
    public GateNotPassedException(String ref, String problem) {
        super(ref, problem);
    }
}
