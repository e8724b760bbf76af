package io.isthmus.controller.channel;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.isthmus.api.resource.HostId;
import java.util.Optional;

/**
 * Authenticates every call of the agent channel: {@code authorization: Bearer <token>} must carry a token
 * {@link AgentCredentials} verifies; the call then runs with the token's host in {@link #HOST}. Anything else is
 * closed with {@link Status#UNAUTHENTICATED} before the service sees it.
 */
public final class AgentAuthInterceptor implements ServerInterceptor {
    /** The authenticated host of the current call. */
    public static final Context.Key<HostId> HOST = Context.key("isthmus-agent-host");
    /** The metadata key agents send their token in. */
    public static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AgentCredentials credentials;

    /** An interceptor verifying tokens with {@code credentials}. */
    public AgentAuthInterceptor(AgentCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String header = headers.get(AUTHORIZATION);
        Optional<HostId> host = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? credentials.verify(header.substring(7).strip()) : Optional.empty();
        if (host.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription(header == null
                ? "send 'authorization: Bearer <host token>'" : "the host token is not valid"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(HOST, host.get()), call, headers, next);
    }
}
