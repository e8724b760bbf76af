package io.isthmus.api.resource;

/** What an operator sets when creating or renaming a tenant. */
public record TenantRequest(String name) {
}
