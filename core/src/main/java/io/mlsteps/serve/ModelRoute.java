package io.mlsteps.serve;

/**
 * How requests for one model name are served: the primary answers, an optional candidate either answers
 * {@code percent} of requests (canary) or scores a copy of every request without answering (shadow).
 * Immutable; the server swaps whole routes atomically, so a request sees one consistent routing.
 */
public record ModelRoute(LoadedModel primary, LoadedModel candidate, Mode mode, double percent) {

    public enum Mode { CANARY, SHADOW }

    public static ModelRoute of(LoadedModel primary) {
        return new ModelRoute(primary, null, null, 0);
    }

    public ModelRoute withCandidate(LoadedModel newCandidate, Mode newMode, double newPercent) {
        return new ModelRoute(primary, newCandidate, newMode, newPercent);
    }

    /** The version a request is answered by, or null when {@code version} is neither primary nor candidate. */
    LoadedModel byVersion(String version) {
        if (primary.version().equals(version)) {
            return primary;
        }
        if (candidate != null && candidate.version().equals(version)) {
            return candidate;
        }
        return null;
    }
}
