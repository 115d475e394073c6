package io.mlsteps.jenkins.results;

import jenkins.model.FingerprintFacet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A fingerprint keeps the newest uses of a file, not one more facet per build forever. */
class MlLineageFacetTest {
    private static MlLineageFacet use(int build) {
        return new MlLineageFacet(null, 1_000_000L + build, "nightly#" + build, "evaluateModel", "input", "model", "ab");
    }

    @Test
    void theOldestUsesGoBeyondTheBoundAndOtherFacetsStay() {
        List<FingerprintFacet> facets = new ArrayList<>();
        FingerprintFacet other = new FingerprintFacet(null, 1L) {
        };
        facets.add(other);
        for (int build = 1; build <= 200; build++) {
            facets.add(use(build));
            MlLineageFacet.keepNewest(facets, MlLineageFacet.MAX_PER_FINGERPRINT);
        }
        assertThat(facets).contains(other);
        List<String> kept = facets.stream().filter(f -> f instanceof MlLineageFacet)
                .map(f -> ((MlLineageFacet) f).getBuildId()).toList();
        assertThat(kept).hasSize(MlLineageFacet.MAX_PER_FINGERPRINT).startsWith("nightly#151").endsWith("nightly#200");
    }
}
