/**
 * Build-time generation from the contract's request records ({@code io.mlsteps.contract}): the Jenkins plugin's
 * step classes, their {@code config.jelly} and help files ({@link io.mlsteps.generator.PluginSources},
 * {@link io.mlsteps.generator.PluginViews}) and the argument tables of {@code docs/steps/*.md}
 * ({@link io.mlsteps.generator.DocsTables}). Run by {@link io.mlsteps.generator.Generate} at generate-sources.
 */
package io.mlsteps.generator;
