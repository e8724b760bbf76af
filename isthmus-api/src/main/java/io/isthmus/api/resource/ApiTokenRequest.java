package io.isthmus.api.resource;

import java.time.Instant;

/** What a tenant sets when issuing an API token: a name and an optional expiry ({@code null}: never). */
public record ApiTokenRequest(String name, Instant expiresAt) {
}
