/**
 * From what a front end was given to what a step runs on: {@link io.mlsteps.contract.bind.ArgSpec} reads each
 * argument's declaration once (kind, default, allowed values, CLI names) from the request records, and
 * {@link io.mlsteps.contract.bind.Binder} turns raw arguments (a Groovy or Java map with GStrings, numbers of any
 * type, lists, nested maps, the {@code name=value} alias of maps, {@code 7d}-style durations, or the CLI's
 * strings) into the canonical request ({@code request.json}, written by {@link io.mlsteps.contract.bind.JsonText})
 * and into the typed record with its defaults applied.
 */
package io.mlsteps.contract.bind;
