package io.isthmus.routing.bgp;

/**
 * The states of a passive BGP speaker's finite state machine (RFC 4271 section 8.2.2), each handling what may
 * happen in it. Connect is absent: this side never opens connections. A message a state does not expect is a Finite
 * State Machine Error (RFC 6608), never ignored.
 */
public enum BgpState {
    /** Administratively down ({@link BgpPeer#close()}): connections are refused. */
    IDLE("Idle") {
        @Override
        BgpState onConnection(BgpPeer peer, BgpOutput output, long nanoTime) {
            peer.refuse(output, BgpError.reset(BgpError.CEASE, 5));
            return this;
        }

        @Override
        BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime) {
            return this;
        }
    },
    /** Waiting for the participant to connect. */
    ACTIVE("Active") {
        @Override
        BgpState onConnection(BgpPeer peer, BgpOutput output, long nanoTime) {
            peer.startSession(output, nanoTime);
            return OPEN_SENT;
        }

        @Override
        BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime) {
            return this;
        }
    },
    /** Our OPEN is sent; waiting for the participant's. */
    OPEN_SENT("OpenSent") {
        @Override
        BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime) {
            if (message instanceof BgpMessage.Open open) {
                return peer.acceptOpen(open, nanoTime) ? OPEN_CONFIRM : ACTIVE;
            }
            return peer.unexpected(message, 1, nanoTime);
        }
    },
    /** OPENs exchanged and ours acknowledged with a KEEPALIVE; waiting for the participant's KEEPALIVE. */
    OPEN_CONFIRM("OpenConfirm") {
        @Override
        BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime) {
            if (message instanceof BgpMessage.Keepalive) {
                peer.establish(nanoTime);
                return ESTABLISHED;
            }
            return peer.unexpected(message, 2, nanoTime);
        }
    },
    /** Routes flow both ways. */
    ESTABLISHED("Established") {
        @Override
        BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime) {
            return switch (message) {
                case BgpMessage.Keepalive keepalive -> this;
                case BgpMessage.Update update -> peer.learn(update, decoded.treatAsWithdraw(), nanoTime);
                case BgpMessage.RouteRefresh refresh -> peer.refresh(refresh);
                default -> peer.unexpected(message, 3, nanoTime);
            };
        }
    };

    private final String displayName;

    BgpState(String displayName) {
        this.displayName = displayName;
    }

    /** The state's name as BIRD and FRR print it. */
    public String displayName() {
        return displayName;
    }

    /**
     * A connection arrives. In any state with a connection already up, RFC 4271 section 6.8's collision detection is
     * simplified to keeping the existing connection: the new one is closed with Cease/Connection Collision Resolution.
     */
    BgpState onConnection(BgpPeer peer, BgpOutput output, long nanoTime) {
        peer.refuse(output, BgpError.reset(BgpError.CEASE, BgpError.CONNECTION_COLLISION));
        return this;
    }

    /** A whole message arrived on the session's connection; NOTIFICATION is handled before for every state. */
    abstract BgpState onMessage(BgpPeer peer, BgpMessage message, BgpDecoder.Decoded decoded, long nanoTime);
}
