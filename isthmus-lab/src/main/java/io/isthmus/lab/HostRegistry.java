package io.isthmus.lab;

/**
 * The controller's hosts, as the lab needs them (operator token): one implementation calls the REST API
 * ({@code GET/POST /v1/hosts}, {@code POST /v1/hosts/{id}/credentials}).
 */
public interface HostRegistry {
    /**
     * The id of the host named {@code name}, registered with {@code substratePrefix} when the controller has no
     * host of that name.
     *
     * @throws LabException when a host of that name exists with another prefix
     */
    String host(String name, String substratePrefix);

    /** A new agent credential (token) for the host {@code hostId}. */
    String credential(String hostId);
}
