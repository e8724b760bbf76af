/**
 * The agent's side of the agent channel: {@link io.isthmus.agent.controller.ControllerClient} connects to the
 * controller with the host's token, registers, resolves destinations for the host's nodes, follows the versioned
 * update stream (resuming from the last version after a reconnect) and reports counters.
 */
package io.isthmus.agent.controller;
