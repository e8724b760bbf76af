package io.isthmus.routing.rip;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.wire.Ipv4Prefix;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the RIP codec and port over generated messages and bytes. */
class RipCodecPropertiesTest {
    private static final List<RipAuthentication> AUTHENTICATIONS = List.of(RipAuthentication.NONE,
        new RipAuthentication.SimplePassword("pass"), new RipAuthentication.KeyedMd5(9, "key"));

    @Property
    void everyValidMessageRoundTrips(@ForAll @Size(max = 23) List<@IntRange(min = 0, max = 32) Integer> lengths,
                                     @ForAll int seed, @ForAll @IntRange(min = 0, max = 2) int auth,
                                     @ForAll boolean request) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<RipEntry> entries = new ArrayList<>();
        for (int length : lengths) {
            Ipv4Prefix prefix = Ipv4Prefix.normalized(random.nextInt(1, 224) << 24 | random.nextInt(1 << 24), length);
            int firstOctet = prefix.address() >>> 24;
            if (firstOctet == 0 || firstOctet == 127) {
                prefix = Ipv4Prefix.parse("0.0.0.0/0");
            }
            entries.add(new RipEntry(random.nextInt(1 << 16), prefix, random.nextInt(), random.nextInt(1, 17)));
        }
        RipMessage message = request ? new RipMessage(RipPacket.REQUEST, entries, false, -1, List.of())
            : RipMessage.response(entries);
        if (request && entries.isEmpty()) {
            message = RipMessage.request(List.of());
        }
        RipAuthentication authentication = AUTHENTICATIONS.get(auth);
        RipCodec.Result result = new RipCodec(authentication).decode(
            new RipCodec(authentication).encode(message, seed & 0xffffffffL));
        long sequence = authentication instanceof RipAuthentication.KeyedMd5 ? seed & 0xffffffffL : -1;
        assertThat(result).isEqualTo(new RipCodec.Accepted(new RipMessage(message.command(), message.entries(),
            message.wholeTableRequest(), sequence, List.of())));
    }

    @Property
    void arbitraryBytesNeverThrowInTheCodecOrThePort(@ForAll @Size(max = 600) byte[] bytes,
                                                     @ForAll @IntRange(min = 0, max = 2) int auth,
                                                     @ForAll boolean ripHeader) {
        if (ripHeader && bytes.length >= 2) {
            bytes[0] = (byte) (1 + (bytes[0] & 1));
            bytes[1] = 2;
        }
        RipAuthentication authentication = AUTHENTICATIONS.get(auth);
        RipCodec.Result result = new RipCodec(authentication).decode(ByteBuffer.wrap(bytes));
        assertThat(result).isNotNull();
        int router = 0x0a000001;
        int node = 0x0a00000a;
        RipPort port = new RipPort(new RipPortConfig(router, 24, node, authentication, Duration.ofSeconds(30),
            Duration.ofSeconds(180), Duration.ofSeconds(120),
            new PeerPolicy(List.of(PrefixRange.parse("0.0.0.0/0")), 10, 100, 100), InstantSource.system(), true),
            (destination, payload) -> { }, session -> { }, 0);
        port.tick(0);
        port.receive(node, 520, RipPort.RIP_GROUP, ByteBuffer.wrap(bytes), 1);
        port.tick(1_000_000_000L);
        assertThat(port.status().messagesIn()).isEqualTo(1);
    }
}
