/**
 * The JSON bodies of the replicator's WebAdmin routes, one class each, rendered by James's
 * {@code JsonTransformer} as James's own routes render theirs: a class's public fields, in the
 * order they are declared (a superclass's first), are the JSON's. {@code bin/replicator} and
 * scripts read them: a rename or a new order is a change of the API.
 */
package dev.jamesreplicator.admin.dto;
