package io.isthmus.controller.system;

import io.isthmus.api.resource.ApiToken;

/** A token just issued, with its secret: the only time the secret is seen (the store keeps its SHA-256). */
public record IssuedToken(ApiToken token, String secret) {
}
