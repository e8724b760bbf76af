package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;

/**
 * What follows an LSA's header, by LS type. A body parses from a slice whose length the header gave and writes
 * itself back exactly.
 */
public sealed interface LsaBody permits RouterLsa, NetworkLsa, SummaryLsa, ExternalLsa, OpaqueLsa {
    /** Bytes written by {@link #write}. */
    int length();

    /** Writes the body at {@code offset}. */
    void write(ByteBuffer buffer, int offset);

    /** Parses a body of {@code length} bytes at {@code offset}; the caller has checked they are there. */
    @FunctionalInterface
    interface Parser {
        /** The body, or null when the bytes do not make one of this type. */
        LsaBody parse(ByteBuffer buffer, int offset, int length);
    }
}
