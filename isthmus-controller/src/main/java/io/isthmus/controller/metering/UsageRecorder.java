package io.isthmus.controller.metering;

import io.isthmus.api.resource.PeeringAttachmentId;

/** Where the parts of the controller that see metered events report them (DESIGN.md, "Peering routers": metering). */
public interface UsageRecorder {
    /** Records nothing. */
    UsageRecorder NONE = (attachment, count) -> { };

    /**
     * Records {@code count} routing updates delivered through a peering router to the network of {@code attachment}:
     * propagated routes that appeared, changed or went in that network's route tables.
     */
    void routingUpdates(PeeringAttachmentId attachment, long count);
}
