package io.isthmus.controller.system;

import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.validation.HostRules;

/**
 * {@link HostService} on the store. Registration validates against every host (an operator's set, small) guarded
 * by the {@code /gen/hosts} generation, and claims the substrate prefix; deletion compares the host's
 * {@code /gen/host-nodes/} generation, which node placement bumps, after finding no node on it.
 */
public final class StoreHostService implements HostService {
    private final StoreAccess access;
    private final int prefixLength;

    StoreHostService(StoreAccess access, int prefixLength) {
        this.access = access;
        this.prefixLength = prefixLength;
    }

    @Override
    public Host register(HostRequest request) {
        return access.write("registering host " + request.name(), attempt -> {
            long generation = access.generation(Keys.hostsGeneration());
            HostRules.validateRegister(request, access.all(Keys.hosts(), Host.class), prefixLength);
            HostId id = HostId.random(access.random);
            Host host = new Host(id, request.name(), request.substratePrefix(), 0);
            return new StoreAccess.Batch()
                .generation(Keys.hostsGeneration(), generation)
                .absent(Keys.host(id)).absent(Keys.hostPrefix(host.substratePrefix()))
                .put(Keys.host(id), host).putText(Keys.hostPrefix(host.substratePrefix()), id.value())
                .bump(Keys.hostsGeneration())
                .then(revision -> new Host(id, host.name(), host.substratePrefix(), revision));
        });
    }

    @Override
    public Host get(HostId id) {
        return access.read(Keys.host(id), Host.class).orElseThrow(() -> StoreAccess.notFound("host", id));
    }

    @Override
    public Page<Host> list(String cursor, int limit) {
        return access.page(Keys.hosts(), cursor, limit, Host.class);
    }

    @Override
    public void delete(HostId id, long ifVersion) {
        access.write("deleting host " + id, attempt -> {
            long generation = access.generation(Keys.hostNodesGeneration(id));
            Host host = get(id);
            StoreAccess.checkVersion(ifVersion, host.version());
            if (access.any(Keys.hostNodes(id))) {
                throw new ProblemException(ProblemType.RESOURCE_IN_USE,
                    "host " + host.name() + " still has nodes placed on it; move or delete them first");
            }
            return new StoreAccess.Batch()
                .generation(Keys.hostNodesGeneration(id), generation).unchanged(Keys.host(id), host.version())
                .delete(Keys.host(id)).delete(Keys.hostPrefix(host.substratePrefix()))
                .delete(Keys.hostNodesGeneration(id)).bump(Keys.hostsGeneration())
                .then(revision -> null);
        });
    }
}
