package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;

/** Where the model registry is, for every step that uses it. */
public record RegistryArgs(
        @Arg(doc = "the model registry: a folder, `file:/folder` or "
                + "`jdbc:postgresql://host/db?user=..&password=..&blobs=DIR` (see docs/registry.md)",
                defaultText = "`$MLSTEPS_REGISTRY`, else `~/.mlsteps/registry` (in Jenkins: the global configuration's)",
                label = "URI")
        String registry) {
}
