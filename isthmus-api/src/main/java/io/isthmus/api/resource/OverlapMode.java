package io.isthmus.api.resource;

/** What happens when an attached network's block overlaps an address range already visible on the router. */
public enum OverlapMode {
    /** The attachment is refused, with a suggested free range of the same size. */
    REFUSE,
    /** The overlapping block is translated 1:1 to a representative range (given, or chosen by the controller). */
    TRANSLATE
}
