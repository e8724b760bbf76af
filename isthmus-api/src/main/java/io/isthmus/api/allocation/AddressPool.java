package io.isthmus.api.allocation;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.BitSet;

/**
 * The free and taken addresses of one subnet, as a bitset with one bit per address (8 KiB for a /16), reserved
 * addresses ({@link SubnetAddresses}) marked taken from the start. {@link #allocate} takes the lowest free address,
 * so that allocation is deterministic: the same state always yields the same address. The controller builds a pool
 * from the subnet's interfaces for one request ({@link #of}); nothing here is shared or stored.
 */
public final class AddressPool {
    private final Ipv4Prefix subnet;
    private final BitSet taken;
    private final int size;

    /** An empty pool of {@code subnet}, /16../28 (or up to /29: three usable addresses). */
    public AddressPool(Ipv4Prefix subnet) {
        if (subnet.length() < SubnetAddresses.MIN_SUBNET_LENGTH || subnet.length() > 29) {
            throw new IllegalArgumentException("no address pool for a /" + subnet.length());
        }
        this.subnet = subnet;
        this.size = 1 << subnet.suffixLength();
        this.taken = new BitSet(size);
        taken.set(0, SubnetAddresses.RESERVED_AT_START);
        taken.set(size - 1);
    }

    /** The pool of {@code subnet} with {@code used} addresses taken (addresses outside the subnet are ignored). */
    public static AddressPool of(Ipv4Prefix subnet, Iterable<Integer> used) {
        AddressPool pool = new AddressPool(subnet);
        for (int address : used) {
            if (subnet.contains(address)) {
                pool.taken.set(address - subnet.address());
            }
        }
        return pool;
    }

    /** The subnet. */
    public Ipv4Prefix subnet() {
        return subnet;
    }

    /**
     * Takes and returns the lowest free address; throws {@link ProblemType#SUBNET_FULL} (at {@code pointer}) when
     * none is left.
     */
    public int allocate(String pointer) {
        int offset = taken.nextClearBit(0);
        if (offset >= size) {
            throw ValidationException.of(ProblemType.SUBNET_FULL, pointer,
                "subnet " + subnet + " has no free address (" + SubnetAddresses.usableCount(subnet) + " usable)");
        }
        taken.set(offset);
        return subnet.address() + offset;
    }

    /**
     * Takes {@code address}, chosen by a caller; throws {@link ProblemType#ADDRESS_OUTSIDE_SUBNET},
     * {@link ProblemType#ADDRESS_RESERVED} or {@link ProblemType#ADDRESS_IN_USE} (at {@code pointer}).
     */
    public void claim(String pointer, int address) {
        String text = Ipv4Address.format(address);
        if (!subnet.contains(address)) {
            throw ValidationException.of(ProblemType.ADDRESS_OUTSIDE_SUBNET, pointer,
                text + " is not in subnet " + subnet);
        }
        if (SubnetAddresses.isReserved(subnet, address)) {
            throw ValidationException.of(ProblemType.ADDRESS_RESERVED, pointer,
                text + " is reserved in subnet " + subnet + " (network, gateway, DNS, future use and broadcast are)");
        }
        int offset = address - subnet.address();
        if (taken.get(offset)) {
            throw ValidationException.of(ProblemType.ADDRESS_IN_USE, pointer, text + " is already in use");
        }
        taken.set(offset);
    }

    /** Gives back {@code address}; a reserved address or one outside the subnet is an {@link IllegalArgumentException}. */
    public void free(int address) {
        if (!subnet.contains(address) || SubnetAddresses.isReserved(subnet, address)) {
            throw new IllegalArgumentException(Ipv4Address.format(address) + " is not a usable address of " + subnet);
        }
        taken.clear(address - subnet.address());
    }

    /** Whether {@code address} is a usable address of the subnet that nothing has taken. */
    public boolean isFree(int address) {
        return subnet.contains(address) && !taken.get(address - subnet.address());
    }

    /** How many addresses are left to allocate. */
    public int freeCount() {
        return size - taken.cardinality();
    }
}
