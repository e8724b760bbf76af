package io.isthmus.lab;

/**
 * A node as the controller knows it, to be placed in the lab: its id, its name, and the host it runs on.
 *
 * @param id the node's id ({@code node-...})
 * @param name the node's name (names its namespace)
 * @param hostId the id of the host the node is placed on, a host of the lab
 */
public record NodePlacement(String id, String name, String hostId) {
    /** Checks that every field is present. */
    public NodePlacement {
        if (id == null || id.isBlank() || name == null || name.isBlank() || hostId == null || hostId.isBlank()) {
            throw new IllegalArgumentException("a node placement needs an id, a name and a host id");
        }
    }
}
