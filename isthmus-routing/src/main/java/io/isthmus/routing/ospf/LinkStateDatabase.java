package io.isthmus.routing.ospf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSAs of one area as one interface knows them (RFC 2328 section 12.2), each aged from its arrival on the
 * caller's clock: an LSA's age is the age it arrived with plus the whole seconds since, up to MaxAge (section 14).
 */
public final class LinkStateDatabase {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Map<LsaKey, Entry> entries = new LinkedHashMap<>();

    /**
     * One LSA as installed.
     *
     * @param lsa            the instance, with the age it had when installed
     * @param installedNanos when it was installed
     */
    public record Entry(Lsa lsa, long installedNanos) {
        /** The LSA's age at {@code nanoTime}, up to MaxAge. */
        public int age(long nanoTime) {
            long elapsed = Math.max(0, (nanoTime - installedNanos) / NANOS_PER_SECOND);
            return (int) Math.min(LsaHeader.MAX_AGE, lsa.header().age() + elapsed);
        }

        /** The LSA with its age at {@code nanoTime}. */
        public Lsa lsaAt(long nanoTime) {
            return lsa.withAge(age(nanoTime));
        }

        /** The header with its age at {@code nanoTime}. */
        public LsaHeader headerAt(long nanoTime) {
            return lsa.header().withAge(age(nanoTime));
        }
    }

    /** The installed instance of {@code key}, or null. */
    public Entry get(LsaKey key) {
        return entries.get(key);
    }

    /** Installs {@code lsa} at {@code nanoTime}, replacing any instance of it. */
    public void install(Lsa lsa, long nanoTime) {
        entries.put(lsa.key(), new Entry(lsa, nanoTime));
    }

    /** Removes the instance of {@code key}. */
    public void remove(LsaKey key) {
        entries.remove(key);
    }

    /** Every installed LSA, in installation order of their keys. */
    public Collection<Entry> entries() {
        return entries.values();
    }

    /** A snapshot of the keys. */
    public List<LsaKey> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** How many LSAs are installed. */
    public int size() {
        return entries.size();
    }
}
