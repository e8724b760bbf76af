package io.isthmus.agent.dataplane;

import io.isthmus.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who listens to which IPv4 multicast group, per network: the ports of this host that joined it (learned from their
 * IGMP reports by the router's membership service) and the other hosts with members (as the controller's
 * {@code GROUP_MEMBERS} updates say), with the subnets of those members (the scope of within-subnet multicast). The
 * data plane reads an immutable {@link Snapshot} (one volatile read per packet, allocation-free lookups); the control
 * side replaces it as a whole when memberships change, which is rare next to packets.
 */
public final class MulticastGroups {
    /**
     * One port of this host that is a member of a group.
     *
     * @param overlayId the port's network
     * @param group the group address
     * @param portIndex the port
     */
    public record LocalMember(int overlayId, int group, int portIndex) {
    }

    /**
     * Another host with members of a group.
     *
     * @param prefixHigh the high 64 bits of the host's agent prefix
     * @param prefixLow the low 64 bits of the host's agent prefix
     * @param subnets the network addresses of the subnets of that host's members
     */
    public record RemoteHost(long prefixHigh, long prefixLow, int[] subnets) {
        /** Copies the subnets. */
        public RemoteHost {
            subnets = subnets.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RemoteHost other && prefixHigh == other.prefixHigh && prefixLow == other.prefixLow
                && Arrays.equals(subnets, other.subnets);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(prefixHigh) * 31 + Long.hashCode(prefixLow) * 17 + Arrays.hashCode(subnets);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("RemoteHost[").append(Long.toHexString(prefixHigh)).append(':')
                .append(Long.toHexString(prefixLow)).append(" subnets");
            for (int subnet : subnets) {
                text.append(' ').append(Ipv4Address.format(subnet));
            }
            return text.append(']').toString();
        }
    }

    private List<LocalMember> local = List.of();
    private final Map<Integer, Map<Integer, List<RemoteHost>>> remote = new HashMap<>();
    private volatile Snapshot current = new Snapshot(List.of(), Map.of());

    /** The current snapshot; the data plane reads it once per packet. */
    public Snapshot snapshot() {
        return current;
    }

    /** Replaces every local membership. */
    public synchronized void replaceLocal(Collection<LocalMember> members) {
        local = List.copyOf(members);
        current = new Snapshot(local, remote);
    }

    /** Replaces the remote members of network {@code overlayId}: group to the other hosts with members. */
    public synchronized void replaceRemote(int overlayId, Map<Integer, List<RemoteHost>> groups) {
        Map<Integer, List<RemoteHost>> copy = new HashMap<>();
        groups.forEach((group, hosts) -> {
            if (!hosts.isEmpty()) {
                copy.put(group, List.copyOf(hosts));
            }
        });
        if (copy.isEmpty()) {
            remote.remove(overlayId);
        } else {
            remote.put(overlayId, copy);
        }
        current = new Snapshot(local, remote);
    }

    /** Forgets the remote members of every network but those of {@code overlayIds} (networks no longer here). */
    public synchronized void retainRemote(java.util.Set<Integer> overlayIds) {
        if (remote.keySet().retainAll(overlayIds)) {
            current = new Snapshot(local, remote);
        }
    }

    /** Forgets the remote members of every network (the controller's tables follow). */
    public synchronized void clearRemote() {
        remote.clear();
        current = new Snapshot(local, remote);
    }

    /**
     * The members of one group of one network. Arrays are never changed after the snapshot is built.
     */
    public static final class Group {
        private final int[] localPorts;
        private final long[] remoteHigh;
        private final long[] remoteLow;
        private final int[][] remoteSubnets;

        private Group(int[] localPorts, List<RemoteHost> hosts) {
            this.localPorts = localPorts;
            this.remoteHigh = new long[hosts.size()];
            this.remoteLow = new long[hosts.size()];
            this.remoteSubnets = new int[hosts.size()][];
            for (int i = 0; i < hosts.size(); i++) {
                remoteHigh[i] = hosts.get(i).prefixHigh();
                remoteLow[i] = hosts.get(i).prefixLow();
                remoteSubnets[i] = hosts.get(i).subnets();
            }
        }

        /** Number of member ports on this host. */
        public int localCount() {
            return localPorts.length;
        }

        /** The index of member port {@code i} on this host. */
        public int localPort(int i) {
            return localPorts[i];
        }

        /** Whether port {@code portIndex} is a member. Allocation-free. */
        public boolean hasLocal(int portIndex) {
            for (int port : localPorts) {
                if (port == portIndex) {
                    return true;
                }
            }
            return false;
        }

        /** Number of other hosts with members. */
        public int remoteCount() {
            return remoteHigh.length;
        }

        /** High 64 bits of the agent prefix of remote host {@code i}. */
        public long remoteHigh(int i) {
            return remoteHigh[i];
        }

        /** Low 64 bits of the agent prefix of remote host {@code i}. */
        public long remoteLow(int i) {
            return remoteLow[i];
        }

        /** Whether remote host {@code i} has members in the subnet whose network address is {@code subnet}. */
        public boolean remoteHasSubnet(int i, int subnet) {
            for (int s : remoteSubnets[i]) {
                if (s == subnet) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An immutable membership table, with an allocation-free lookup by (overlay id, group). */
    public static final class Snapshot {
        private final long[] keys;
        private final Group[] groups;
        private final int mask;
        private final int size;

        private Snapshot(List<LocalMember> local, Map<Integer, Map<Integer, List<RemoteHost>>> remote) {
            Map<Long, List<Integer>> ports = new TreeMap<>();
            Map<Long, List<RemoteHost>> hosts = new HashMap<>();
            for (LocalMember member : local) {
                ports.computeIfAbsent(Hashing.key(member.overlayId(), member.group()), k -> new ArrayList<>())
                    .add(member.portIndex());
            }
            remote.forEach((overlayId, byGroup) -> byGroup.forEach((group, list) ->
                hosts.put(Hashing.key(overlayId, group), list)));
            Map<Long, Group> all = new HashMap<>();
            for (Long key : ports.keySet()) {
                all.put(key, null);
            }
            for (Long key : hosts.keySet()) {
                all.put(key, null);
            }
            this.size = all.size();
            int capacity = Integer.highestOneBit(Math.max(4, size * 2) - 1) << 1;
            this.keys = new long[capacity];
            this.groups = new Group[capacity];
            this.mask = capacity - 1;
            for (Long key : all.keySet()) {
                int[] members = ports.getOrDefault(key, List.of()).stream().mapToInt(Integer::intValue).distinct()
                    .toArray();
                Group group = new Group(members, hosts.getOrDefault(key, List.of()));
                int i = Hashing.slot(key, mask);
                while (groups[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                groups[i] = group;
            }
        }

        /** The members of {@code group} in network {@code overlayId}, or null when it has none. Allocation-free. */
        public Group find(int overlayId, int group) {
            long key = Hashing.key(overlayId, group);
            int i = Hashing.slot(key, mask);
            Group found;
            while ((found = groups[i]) != null) {
                if (keys[i] == key) {
                    return found;
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        /** Number of (network, group) pairs with members. */
        public int size() {
            return size;
        }
    }
}
