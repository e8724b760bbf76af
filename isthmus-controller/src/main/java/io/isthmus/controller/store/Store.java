package io.isthmus.controller.store;

import java.util.Optional;

/**
 * The controller's state: versioned keys with compare-and-swap transactions and ordered change
 * watches, shaped as etcd v3 so that the embedded {@link SqliteStore} and a later etcd-backed
 * store are interchangeable.
 *
 * <p><b>Keys and values.</b> Keys are non-empty strings, by convention '/'-separated paths
 * ({@code /networks/<id>}); they are ordered and prefix-matched by their UTF-8 bytes (which is
 * Unicode code point order). Values are opaque bytes. The only multi-key read is by prefix, as
 * etcd offers; invariants across keys are kept with {@link #txn transactions} over claim keys.
 *
 * <p><b>Revisions.</b> The store revision starts at 0 for an empty store and increases by one for
 * every transaction that changes at least one key; all changes of that transaction carry the new
 * revision. See {@link KeyValue} for the per-key fields.
 *
 * <p><b>Durability.</b> When a write method returns, its change is durable: it survives a crash
 * of the process (and, for the embedded store, of the machine).
 *
 * <p><b>Thread-safety.</b> Implementations are safe for use by any number of threads. Writes are
 * linearizable (one at a time, in revision order); a read sees every write that returned before it
 * started. Watch listeners run on store-owned delivery threads, one per watch.
 *
 * <p><b>Errors.</b> Invalid arguments throw {@link IllegalArgumentException} or
 * {@link NullPointerException}; a failure of the store throws {@link StoreException}; use after
 * {@link #close()} throws {@link StoreException}.
 */
public interface Store extends AutoCloseable {

    /**
     * Reads one key.
     *
     * @param key the key
     * @return its current state, or empty if absent
     */
    Optional<KeyValue> get(String key);

    /**
     * Reads one page of the keys under a prefix, in key order, at one consistent revision.
     * To read every key, pass each page's {@link RangePage#lastKey()} as the next
     * {@code startAfterKey} until {@link RangePage#more()} is false (pages of one walk may then
     * come from different revisions, as with etcd).
     *
     * @param prefix the key prefix; empty for all keys
     * @param startAfterKey return only keys strictly after this one, or {@code null} to start at the prefix
     * @param limit the maximum number of pairs in the page, at least 1
     * @return the page
     */
    RangePage range(String prefix, String startAfterKey, int limit);

    /**
     * Hands every pair under {@code prefix}, in key order, to {@code action}, reading pages of {@code pageSize} (pages
     * may come from different revisions, as {@link #range} says).
     */
    default void forEach(String prefix, int pageSize, java.util.function.Consumer<KeyValue> action) {
        String after = null;
        RangePage page;
        do {
            page = range(prefix, after, pageSize);
            page.kvs().forEach(action);
            after = page.lastKey().orElse(null);
        } while (page.more());
    }

    /**
     * Runs a transaction atomically: evaluates its compares and applies one branch, at one
     * revision, durably.
     *
     * @param txn the transaction
     * @return which branch ran, the revision and the per-op results
     */
    TxnResult txn(Txn txn);

    /** {@return the current store revision (that of the last write transaction that changed anything)} */
    long revision();

    /**
     * Watches the changes of every key under a prefix, starting at {@code fromRevision}: the
     * events still in the log from that revision on are replayed, then live events follow, with
     * no gap and no duplicate. Delivery is asynchronous, in store order, on a delivery thread of
     * the watch (see {@link WatchListener}).
     *
     * <p>A watch whose listener falls too far behind is cancelled with
     * {@link WatchCancelledException.Reason#SLOW_CONSUMER}, so a slow listener never blocks
     * writers; its owner should re-read and watch again.
     *
     * @param prefix the key prefix; empty for all keys
     * @param fromRevision the first revision to deliver; 0 (or less) for "changes after now"
     * @param listener receives the events
     * @return the watch, to close
     * @throws CompactedException if {@code fromRevision} is older than the retained log
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /**
     * Discards the log of changes before {@code revision}: watches can then start at
     * {@code revision} or later. Current key state is never affected. Compacting at or before an
     * earlier compaction does nothing.
     *
     * @param revision the oldest revision to retain
     * @throws IllegalArgumentException if {@code revision} is greater than {@link #revision()}
     */
    void compact(long revision);

    /** {@return the oldest revision whose events are still retained (0 if never compacted)} */
    long compactRevision();

    /**
     * Closes the store: cancels every watch with {@link WatchCancelledException.Reason#STORE_CLOSED}
     * and releases the backing resources. Idempotent.
     */
    @Override
    void close();

    // Convenience operations, each a single transaction.

    /**
     * Sets a key unconditionally.
     *
     * @param key the key
     * @param value the value
     * @return the key as written
     */
    default KeyValue put(String key, byte[] value) {
        return txn(Txn.when().then(Op.put(key, value))).result(0, OpResult.PutResult.class).kv();
    }

    /**
     * Creates a key only if it does not exist. Of any number of concurrent callers on one key,
     * exactly one gets a non-empty result.
     *
     * @param key the key
     * @param value the value
     * @return the created key, or empty if the key already existed (nothing was written)
     */
    default Optional<KeyValue> putIfAbsent(String key, byte[] value) {
        TxnResult r = txn(Txn.when(Compare.absent(key)).then(Op.put(key, value)));
        return r.succeeded() ? Optional.of(r.result(0, OpResult.PutResult.class).kv()) : Optional.empty();
    }

    /**
     * Sets a key only if its modRevision is {@code expectedModRevision} (0 = only if absent).
     *
     * @param key the key
     * @param expectedModRevision the modRevision last read
     * @param value the new value
     * @return the key as written, or empty if the key had changed (nothing was written)
     */
    default Optional<KeyValue> compareAndSet(String key, long expectedModRevision, byte[] value) {
        TxnResult r = txn(Txn.when(Compare.modRevision(key, expectedModRevision)).then(Op.put(key, value)));
        return r.succeeded() ? Optional.of(r.result(0, OpResult.PutResult.class).kv()) : Optional.empty();
    }

    /**
     * Deletes a key unconditionally.
     *
     * @param key the key
     * @return whether the key existed
     */
    default boolean delete(String key) {
        return txn(Txn.when().then(Op.delete(key))).result(0, OpResult.DeleteResult.class).deleted() == 1;
    }

    /**
     * Deletes a key only if its modRevision is {@code expectedModRevision}.
     *
     * @param key the key
     * @param expectedModRevision the modRevision last read (must be &gt; 0)
     * @return whether the key was deleted; false if it had changed or was absent
     */
    default boolean delete(String key, long expectedModRevision) {
        if (expectedModRevision <= 0) {
            throw new IllegalArgumentException("expectedModRevision must be > 0: " + expectedModRevision);
        }
        TxnResult r = txn(Txn.when(Compare.modRevision(key, expectedModRevision)).then(Op.delete(key)));
        return r.succeeded() && r.result(0, OpResult.DeleteResult.class).deleted() == 1;
    }
}
