package io.isthmus.api.resource;

import java.time.Duration;

/**
 * The life of a {@link PeeringAttachment}. Transitions (every other event on a state is refused with
 * {@code invalid-attachment-transition}):
 *
 * <pre>
 *  (create) ── both parties accepted ──────────────────────────────▶ ACTIVE
 *  (create) ── a party's acceptance missing ───────────────────────▶ PENDING_ACCEPTANCE
 *  PENDING_ACCEPTANCE ── accept by the missing party, now complete ─▶ ACTIVE
 *  PENDING_ACCEPTANCE ── reject by either party ───────────────────▶ REJECTED
 *  PENDING_ACCEPTANCE ── {@link #PENDING_TIMEOUT} since creation ────▶ EXPIRED
 *  ACTIVE ── expiry time reached ──────────────────────────────────▶ EXPIRED
 *  any state ── detach (DELETE) by either party ───────────────────▶ (gone)
 * </pre>
 *
 * The parties are the network's tenant and the router's owner; the owner's acceptance is given in advance when the
 * router is pre-approved, and both are given when the owner attaches its own network. A {@link PeeringLink} goes
 * through the same states (without an expiry once active). Expiry is by time, not by a write: the records' {@code at}
 * methods apply it, and an expired attachment holds no ranges.
 */
public enum PeeringAttachmentState {
    /** Waiting for the acceptance of the network's tenant or of the router's owner. */
    PENDING_ACCEPTANCE,
    /** Both parties accepted; the network is attached. */
    ACTIVE,
    /** A party refused; kept so that the requester sees the answer, until detached. */
    REJECTED,
    /**
     * The attachment's duration passed, or a request stayed pending longer than {@link #PENDING_TIMEOUT}; kept until
     * detached (a link: until deleted).
     */
    EXPIRED;

    /** How long a request (an attachment or a link) may wait for an acceptance before it expires: 7 days. */
    public static final Duration PENDING_TIMEOUT = Duration.ofDays(7);
}
