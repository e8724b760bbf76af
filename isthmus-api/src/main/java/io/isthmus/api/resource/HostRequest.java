package io.isthmus.api.resource;

import io.isthmus.wire.Ipv6Prefix;

/** What an agent sends when registering its host: a name and the substrate prefix it owns. */
public record HostRequest(String name, Ipv6Prefix substratePrefix) {
}
