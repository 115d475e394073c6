/**
 * Where a pass over the data runs: in this process (the default, {@link io.mlsteps.data.DataScan}) or on a
 * distributed engine found through {@link io.mlsteps.engine.DataEngineProvider} (the {@code spark} module). A
 * step describes its pass as a {@link io.mlsteps.engine.PartialScan} (a sink per part, parts merged, a part
 * travels in the engine's own serialised form) and the rest of the step stays the same whatever the engine.
 * Depends on {@code data} and {@code util} only; no engine's classes are imported here.
 */
package io.mlsteps.engine;
