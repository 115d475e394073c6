package io.mlsteps.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One audited alias move: who moved which alias of which model from which version to which, when and why.
 *
 * @param id          event id, increasing in time
 * @param name        model name
 * @param alias       the alias, e.g. {@code production}
 * @param fromVersion the version it pointed at before, or null when it is new
 * @param toVersion   the version it points at now, or null when it was removed
 * @param actor       {@code build:<tag> <url>} or {@code user:<name>}
 * @param reason      why (free text), may be null
 * @param at          when
 * @param gateChecked whether a passed evaluation/comparison was required (and found) for the move
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AliasEvent(long id, String name, String alias, Integer fromVersion, Integer toVersion, String actor,
                         String reason, Instant at, boolean gateChecked) {
}
