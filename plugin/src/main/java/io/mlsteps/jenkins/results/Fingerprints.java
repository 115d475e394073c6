package io.mlsteps.jenkins.results;

import hudson.FilePath;
import hudson.model.Fingerprint;
import hudson.model.FingerprintMap;
import hudson.model.Run;
import io.mlsteps.jenkins.engine.EngineResult;
import io.mlsteps.jenkins.engine.Hashes;
import io.mlsteps.jenkins.trend.LineageView;
import io.mlsteps.jenkins.trend.StepRecord;
import jenkins.model.FingerprintFacet;
import jenkins.model.Jenkins;

import java.io.IOException;
import java.util.Collection;

/**
 * Fingerprints the files a step wrote (models, profiles, schemas: produced by this build) and the data and
 * model files it read (used by this build; a registry reference such as {@code adult@3} is not a file and is
 * left to the lineage view), by MD5 as Jenkins requires, and attaches an {@link MlLineageFacet} saying which
 * step used each file and how. Jenkins' own fingerprint pages then link the build that trained a model with
 * the builds that evaluated, registered and deployed it. The only class that touches the fingerprint map.
 */
final class Fingerprints {
    private Fingerprints() {
    }

    static void record(Run<?, ?> run, FilePath workspace, FilePath stepDir, EngineResult result, StepRecord record)
            throws IOException, InterruptedException {
        FingerprintMap map = Jenkins.get().getFingerprintMap();
        for (EngineResult.Output output : result.getOutputs()) {
            FilePath file = locate(workspace, stepDir, output.path());
            if (file == null) {
                continue;
            }
            String md5 = Hashes.requireMd5(file.digest());
            Fingerprint fingerprint = map.getOrCreate(run, file.getName(), md5);
            fingerprint.addFor(run);
            attach(fingerprint, run, record.getStep(), "output", output.name(), output.sha256());
            for (StepRecord.LineageNode node : record.getLineage()) {
                if (output.sha256() != null && output.sha256().equals(node.getSha256())) {
                    node.setMd5(md5);
                }
            }
        }
        for (StepRecord.LineageNode node : record.getLineage()) {
            String column = LineageView.columnOf(node.getKind());
            if (node.getMd5() != null || !"input".equals(node.getRole())
                    || !(column.equals("Data") || column.equals("Model")) || node.getId() == null) {
                continue;
            }
            FilePath file = locate(workspace, stepDir, node.getId());
            if (file == null) {
                continue;
            }
            String md5 = Hashes.requireMd5(file.digest());
            Fingerprint fingerprint = map.getOrCreate(null, file.getName(), md5);
            fingerprint.addFor(run);
            attach(fingerprint, run, record.getStep(), "input", node.getKind(), node.getSha256());
            node.setMd5(md5);
        }
    }

    /** The file a result names: relative to the step folder, else to the workspace, or absolute. */
    private static FilePath locate(FilePath workspace, FilePath stepDir, String path) throws IOException, InterruptedException {
        if (path == null || path.isBlank() || path.contains("://")) {
            return null;
        }
        for (FilePath candidate : new FilePath[] {stepDir.child(path), workspace.child(path)}) {
            if (candidate.exists() && !candidate.isDirectory()) {
                return candidate;
            }
        }
        return null;
    }

    private static void attach(Fingerprint fingerprint, Run<?, ?> run, String step, String role, String kind,
                               String sha256) throws IOException {
        MlLineageFacet facet = new MlLineageFacet(fingerprint, System.currentTimeMillis(), run.getExternalizableId(),
                step, role, kind, sha256);
        Collection<FingerprintFacet> facets = fingerprint.getFacets();
        for (FingerprintFacet existing : facets) {
            if (existing instanceof MlLineageFacet other && other.sameUse(facet)) {
                return;
            }
        }
        facets.add(facet);
        MlLineageFacet.keepNewest(facets, MlLineageFacet.MAX_PER_FINGERPRINT);
        fingerprint.save();
    }
}
