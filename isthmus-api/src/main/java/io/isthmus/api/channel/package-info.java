/**
 * The agent channel's messages: {@code agent.proto} generates {@code io.isthmus.api.channel.v1} (messages and the
 * {@code AgentChannel} gRPC stubs); {@link io.isthmus.api.channel.ChannelCodec} converts between them and the
 * address types of {@code isthmus-wire}, for the controller and the agent alike.
 */
package io.isthmus.api.channel;
