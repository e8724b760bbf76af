/**
 * Problem details (RFC 9457) for the controller's API: the catalogue of problem types with their stable URIs,
 * titles and HTTP statuses ({@link io.isthmus.api.problem.ProblemType}), the {@link io.isthmus.api.problem.Problem}
 * document, the per-field {@link io.isthmus.api.problem.FieldError} carried in its {@code errors} extension member,
 * and the {@link io.isthmus.api.problem.ValidationException} every model rule throws.
 */
package io.isthmus.api.problem;
