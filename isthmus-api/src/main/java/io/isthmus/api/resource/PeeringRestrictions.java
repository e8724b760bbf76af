package io.isthmus.api.resource;

import java.time.Instant;
import java.util.List;

/**
 * What a peering router's owner allows. Empty lists allow everything: any tenant, any network, at any time. The
 * tenant and network lists apply to other tenants' networks; the owner's own networks may always attach (the
 * windows and the maximum duration apply to them too).
 *
 * @param tenants the other tenants whose networks may attach
 * @param networks the other tenants' networks that may attach (checked as well as {@code tenants} when both are
 *     set)
 * @param windows the periods in which attachments may be created or activated
 * @param maxAttachmentSeconds how long an attachment stays active once activated; 0: no limit
 * @param preApproved whether another tenant's request is accepted for the owner without the owner's acceptance
 */
public record PeeringRestrictions(List<TenantId> tenants, List<NetworkId> networks, List<AvailabilityWindow> windows,
                                  long maxAttachmentSeconds, boolean preApproved) {
    /** Anyone, any time, no limit, owner acceptance required. */
    public static final PeeringRestrictions NONE = new PeeringRestrictions(List.of(), List.of(), List.of(), 0, false);

    /** Copies the lists. */
    public PeeringRestrictions {
        tenants = List.copyOf(tenants);
        networks = List.copyOf(networks);
        windows = List.copyOf(windows);
    }

    /** Whether {@code instant} lies in a window (always, when there is none). */
    public boolean isOpenAt(Instant instant) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(instant));
    }
}
