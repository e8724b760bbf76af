package io.isthmus.routing.bgp;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Messages as BIRD 2.0.12 and FRR 8.4.4 sent them to a scripted listener at 127.0.0.1 / 10.255.0.1 (AS 65000), read
 * off the socket and annotated field by field.
 */
final class BgpVectors {
    static final String MARKER = "ffffffffffffffffffffffffffffffff";

    /** BIRD (AS 65001, router id 192.0.2.1, hold time 6, graceful restart on). */
    static final String BIRD_OPEN = MARKER
        + "0039" + "01"             // length 57, OPEN
        + "04"                      // version 4
        + "fde9"                    // My AS 65001
        + "0006"                    // hold time 6
        + "c0000201"                // BGP identifier 192.0.2.1
        + "1c"                      // optional parameters length 28
        + "02" + "1a"               // parameter: capabilities, 26 octets
        + "01" + "04" + "0001" + "00" + "01"           // multiprotocol: IPv4, reserved, unicast
        + "02" + "00"                                  // route refresh
        + "40" + "06" + "0078" + "0001" + "01" + "00"  // graceful restart: flags 0, 120 s; IPv4 unicast, flags 0
        + "41" + "04" + "0000fde9"                     // 4-octet AS 65001
        + "46" + "00"                                  // enhanced route refresh (70), unknown to us
        + "47" + "00";                                 // long-lived graceful restart (71), unknown to us

    /** BIRD's static route 10.9.0.0/16 with MED 7 on a 4-octet session. */
    static final String BIRD_UPDATE = MARKER
        + "0035" + "02"             // length 53, UPDATE
        + "0000"                    // withdrawn routes length 0
        + "001b"                    // total path attribute length 27
        + "40" + "01" + "01" + "00"                    // ORIGIN (well-known transitive) IGP
        + "40" + "02" + "06" + "02" + "01" + "0000fde9" // AS_PATH: AS_SEQUENCE of 1: 65001
        + "40" + "03" + "04" + "7f000002"              // NEXT_HOP 127.0.0.2
        + "80" + "04" + "04" + "00000007"              // MULTI_EXIT_DISC (optional) 7
        + "10" + "0a09";                               // NLRI 10.9.0.0/16

    /** FRR (AS 65002, router id 192.0.2.3): one optional parameter per capability. */
    static final String FRR_OPEN = MARKER
        + "005e" + "01"             // length 94, OPEN
        + "04" + "fdea" + "0006"    // version 4, My AS 65002, hold time 6
        + "c0000203"                // BGP identifier 192.0.2.3
        + "41"                      // optional parameters length 65
        + "02" + "06" + "01" + "04" + "0001" + "00" + "01"   // multiprotocol IPv4 unicast
        + "02" + "02" + "80" + "00"                          // pre-standard route refresh (128)
        + "02" + "02" + "02" + "00"                          // route refresh
        + "02" + "02" + "46" + "00"                          // enhanced route refresh (70)
        + "02" + "06" + "41" + "04" + "0000fdea"             // 4-octet AS 65002
        + "02" + "02" + "06" + "00"                          // extended message (6)
        + "02" + "06" + "45" + "04" + "0001" + "01" + "01"   // ADD-PATH (69): IPv4 unicast, receive
        + "02" + "06" + "49" + "04" + "02" + "7432" + "00"   // FQDN (73): host name "t2", no domain
        + "02" + "04" + "40" + "02" + "c078"                 // graceful restart: flags R+N (0xc), 120 s, no families
        + "02" + "09" + "47" + "07" + "0001" + "01" + "80" + "000000"; // long-lived graceful restart (71)

    /** FRR's network 10.20.0.0/16: AS_PATH with the extended length flag. */
    static final String FRR_UPDATE = MARKER
        + "0036" + "02"             // length 54, UPDATE
        + "0000"                    // withdrawn routes length 0
        + "001c"                    // total path attribute length 28
        + "40" + "01" + "01" + "00"                              // ORIGIN IGP
        + "50" + "02" + "0006" + "02" + "01" + "0000fdea"        // AS_PATH, extended length: AS_SEQUENCE 65002
        + "40" + "03" + "04" + "0aff0003"                        // NEXT_HOP 10.255.0.3
        + "80" + "04" + "04" + "00000000"                        // MULTI_EXIT_DISC 0
        + "10" + "0a14";                                         // NLRI 10.20.0.0/16

    /** The End-of-RIB both send: an UPDATE with nothing in it. */
    static final String END_OF_RIB = MARKER + "0017" + "02" + "0000" + "0000";

    static final String KEEPALIVE = MARKER + "0013" + "04";

    private BgpVectors() {
    }

    static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    /** An UPDATE message around the given withdrawn routes, path attributes and NLRI (hex). */
    static String update(String withdrawn, String attributes, String nlri) {
        int length = 19 + 4 + (withdrawn.length() + attributes.length() + nlri.length()) / 2;
        return MARKER + "%04x02%04x%s%04x%s%s".formatted(length, withdrawn.length() / 2, withdrawn,
            attributes.length() / 2, attributes, nlri);
    }

    /** A message of {@code type} around {@code body} (hex). */
    static String message(int type, String body) {
        return MARKER + "%04x%02x%s".formatted(19 + body.length() / 2, type, body);
    }
}
