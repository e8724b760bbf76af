package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Link State Update packet's body (type 4, RFC 2328 appendix A.3.5): a count, then whole LSAs.
 *
 * <pre>
 * |                            # LSAs                             |
 * |                            LSAs ...                           |
 * </pre>
 *
 * <p>An LSA whose checksum fails is left out and counted in {@code badChecksums} (RFC 2328 section 13, step 1: the
 * other LSAs of the packet are still processed).
 *
 * @param lsas         the LSAs with valid checksums, in order
 * @param badChecksums how many LSAs were left out for their checksum
 */
public record LinkStateUpdate(List<Lsa> lsas, int badChecksums) implements OspfMessage {
    /** The packet type. */
    public static final int TYPE = 4;

    /** Copies {@code lsas}. */
    public LinkStateUpdate {
        lsas = List.copyOf(lsas);
    }

    /** An update carrying {@code lsas}. */
    public LinkStateUpdate(List<Lsa> lsas) {
        this(lsas, 0);
    }

    /** Null when the count and the LSAs do not fill the body exactly or an LSA does not parse. */
    static LinkStateUpdate parse(ByteBuffer buffer, int offset, int length) {
        if (length < 4) {
            return null;
        }
        long count = buffer.getInt(offset) & 0xffffffffL;
        if (count > (length - 4) / LsaHeader.LENGTH) {
            return null;
        }
        List<Lsa> lsas = new ArrayList<>((int) count);
        int bad = 0;
        int at = offset + 4;
        int end = offset + length;
        for (long i = 0; i < count; i++) {
            Lsa lsa = Lsa.parse(buffer, at, end - at);
            if (lsa == null) {
                return null;
            }
            if (LsaChecksum.verify(buffer, at, lsa.length())) {
                lsas.add(lsa);
            } else {
                bad++;
            }
            at += lsa.length();
        }
        return at == end ? new LinkStateUpdate(lsas, bad) : null;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int length() {
        int length = 4;
        for (Lsa lsa : lsas) {
            length += lsa.length();
        }
        return length;
    }

    /** Writes the LSAs with the ages they carry. */
    @Override
    public void write(ByteBuffer buffer, int offset) {
        buffer.putInt(offset, lsas.size());
        int at = offset + 4;
        for (Lsa lsa : lsas) {
            lsa.write(buffer, at, lsa.header().age());
            at += lsa.length();
        }
    }
}
