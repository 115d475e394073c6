package io.mlsteps.jenkins.results;

import hudson.model.Fingerprint;
import hudson.model.Run;
import jenkins.model.FingerprintFacet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * On a fingerprint's page: which ML step of which build read or wrote this file, as what, and its SHA-256
 * (the hash the mlsteps registry and lineage use), so the MD5 world of Jenkins and the SHA-256 world of the
 * registry meet.
 */
public class MlLineageFacet extends FingerprintFacet {
    /**
     * How many uses a fingerprint keeps: a model evaluated by a nightly job would otherwise gain a facet per build
     * forever (and fingerprint.xml with it). Jenkins' own usage list on the same page still names every build.
     */
    static final int MAX_PER_FINGERPRINT = 50;

    private final String buildId;
    private final String step;
    private final String role;
    private final String kind;
    private final String sha256;

    public MlLineageFacet(Fingerprint fingerprint, long timestamp, String buildId, String step, String role,
                          String kind, String sha256) {
        super(fingerprint, timestamp);
        this.buildId = buildId;
        this.step = step;
        this.role = role;
        this.kind = kind;
        this.sha256 = sha256;
    }

    public String getBuildId() {
        return buildId;
    }

    /** The build, or null when it was deleted or the viewer may not see it. */
    public Run<?, ?> getRun() {
        if (buildId == null) {
            return null;
        }
        try {
            return Run.fromExternalizableId(buildId);
        } catch (RuntimeException e) {
            // IllegalArgumentException for a malformed id, AccessDeniedException for a job the viewer cannot see
            return null;
        }
    }

    public String getStep() {
        return step;
    }

    /** {@code input} or {@code output}. */
    public String getRole() {
        return role;
    }

    public String getKind() {
        return kind;
    }

    public String getSha256() {
        return sha256;
    }

    /** Removes the oldest of the fingerprint's mlsteps facets beyond {@code max}; other plugins' facets stay. */
    static void keepNewest(Collection<FingerprintFacet> facets, int max) {
        List<MlLineageFacet> ours = new ArrayList<>();
        for (FingerprintFacet facet : facets) {
            if (facet instanceof MlLineageFacet lineage) {
                ours.add(lineage);
            }
        }
        ours.sort(Comparator.comparingLong(MlLineageFacet::getTimestamp));
        for (int i = 0; i < ours.size() - max; i++) {
            facets.remove(ours.get(i));
        }
    }

    boolean sameUse(MlLineageFacet other) {
        return Objects.equals(buildId, other.buildId) && Objects.equals(step, other.step)
                && Objects.equals(role, other.role) && Objects.equals(kind, other.kind);
    }
}
