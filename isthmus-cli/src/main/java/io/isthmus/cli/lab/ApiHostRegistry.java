package io.isthmus.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import io.isthmus.lab.HostRegistry;
import io.isthmus.lab.LabException;

/** The controller's hosts through its REST API, with the operator token. */
final class ApiHostRegistry implements HostRegistry {
    private final ApiClient client;

    ApiHostRegistry(ApiClient client) {
        this.client = client;
    }

    @Override
    public String host(String name, String substratePrefix) {
        String cursor = null;
        do {
            JsonNode page = client.send("GET", "/v1/hosts?limit=500"
                + (cursor == null ? "" : "&cursor=" + ApiClient.segment(cursor)), null, null).body();
            for (JsonNode host : page.path("items")) {
                if (name.equals(host.path("name").asText())) {
                    String prefix = host.path("substratePrefix").asText();
                    if (!prefix.equals(substratePrefix)) {
                        throw new LabException("the controller has a host " + name + " with prefix " + prefix
                            + ", not the lab's " + substratePrefix + "; delete or rename it first");
                    }
                    return host.path("id").asText();
                }
            }
            cursor = page.path("nextCursor").textValue();
        } while (cursor != null);
        return client.send("POST", "/v1/hosts", Json.object().put("name", name).put("substratePrefix",
            substratePrefix), null).body().path("id").asText();
    }

    @Override
    public String credential(String hostId) {
        return client.send("POST", "/v1/hosts/" + ApiClient.segment(hostId) + "/credentials", null, null).body()
            .path("token").asText();
    }
}
