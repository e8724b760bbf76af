package io.isthmus.api.resource;

/**
 * The id of a subnet's route table: {@code rtb-} and the random part of its subnet's id, so that it is derived, never stored or drawn,
 * and a subnet has exactly one (subnet {@code sub-3fk9x2hq7m1c} has {@code rtb-3fk9x2hq7m1c}).
 */
public record RouteTableId(String value) implements ResourceId {
    /** The type prefix. */
    public static final String PREFIX = "rtb";

    /** Rejects a value not in the {@link Ids} format with this prefix ({@link IllegalArgumentException}). */
    public RouteTableId {
        Ids.check(PREFIX, value);
    }

    /** The id belonging to {@code subnet}. */
    public static RouteTableId ofSubnet(SubnetId subnet) {
        return new RouteTableId(PREFIX + "-" + Ids.suffix(subnet.value()));
    }

    /** The id of the subnet this one belongs to. */
    public SubnetId subnetId() {
        return new SubnetId(SubnetId.PREFIX + "-" + Ids.suffix(value));
    }

    /** The bare value. */
    @Override
    public String toString() {
        return value;
    }
}
