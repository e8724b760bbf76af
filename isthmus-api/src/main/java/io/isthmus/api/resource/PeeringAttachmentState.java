package io.isthmus.api.resource;

/**
 * The life of a {@link PeeringAttachment}. Transitions (every other event on a state is refused with
 * {@code invalid-attachment-transition}):
 *
 * <pre>
 *  (create) ── both parties accepted ──────────────────────────────▶ ACTIVE
 *  (create) ── a party's acceptance missing ───────────────────────▶ PENDING_ACCEPTANCE
 *  PENDING_ACCEPTANCE ── accept by the missing party, now complete ─▶ ACTIVE
 *  PENDING_ACCEPTANCE ── reject by either party ───────────────────▶ REJECTED
 *  ACTIVE ── expiry time reached ──────────────────────────────────▶ EXPIRED
 *  any state ── detach (DELETE) by either party ───────────────────▶ (gone)
 * </pre>
 *
 * The parties are the network's tenant and the router's owner; the owner's acceptance is given in advance when the
 * router is pre-approved, and both are given when the owner attaches its own network.
 */
public enum PeeringAttachmentState {
    /** Waiting for the acceptance of the network's tenant or of the router's owner. */
    PENDING_ACCEPTANCE,
    /** Both parties accepted; the network is attached. */
    ACTIVE,
    /** A party refused; kept so that the requester sees the answer, until detached. */
    REJECTED,
    /** The router's maximum attachment duration passed; kept until detached. */
    EXPIRED
}
