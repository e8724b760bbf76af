package io.isthmus.controller.system;

import java.util.List;

/**
 * One page of a listing, in a stable order, and the opaque cursor of the next page ({@code null} on the last).
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
