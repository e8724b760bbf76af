package io.isthmus.controller.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded {@link Store}: one SQLite file, {@code <dataDir>/isthmus.db}.
 *
 * <p><b>Why SQLite (and not H2).</b> One file in a format with a published, stable on-disk
 * specification and decades of well-understood durability behaviour (its atomic-commit and WAL
 * documents state exactly what survives a crash); write-ahead logging gives readers that never
 * block the writer; the xerial driver bundles the native library for the usual platforms, so
 * there is nothing to install; and the file can be inspected and backed up with the stock
 * {@code sqlite3} tool ({@code .backup}) while the controller runs. H2 is pure Java, but its
 * MVStore's crash behaviour is less documented, its file format changes between releases, and it
 * offers nothing this store needs that SQLite lacks.
 *
 * <p><b>Durability.</b> The database runs in WAL mode with {@code synchronous=FULL}: a
 * transaction's commit appends it to {@code isthmus.db-wal} and fsyncs that file before
 * {@link #txn} returns, so an acknowledged write survives {@code kill -9} of the controller and a
 * power loss of the machine. (In WAL mode {@code NORMAL} would survive {@code kill -9} but could
 * lose the last commits on power loss.) Recovery is SQLite's: on the next open, committed frames
 * of the WAL are replayed and an incomplete trailing transaction is ignored. The directory is
 * fsynced after the file is created. A lock file, {@code <dataDir>/isthmus.db.lock}, keeps a
 * second process (or a second store in this process) from opening the same directory.
 *
 * <p><b>Schema.</b> {@code kv(key BLOB PRIMARY KEY, value, create_revision, mod_revision,
 * version)} holds the current state, keys as their UTF-8 bytes so that SQLite's memcmp order is
 * etcd's byte order; {@code log(revision, seq, type, key, value, create_revision, version,
 * prev_value, prev_create_revision, prev_mod_revision, prev_version)} holds every change for watch
 * replay until compacted; {@code meta(name, value)} holds {@code revision} and
 * {@code compact_revision}. All three change in the same SQLite transaction.
 *
 * <p><b>Concurrency.</b> One writer at a time (a lock around a dedicated connection; every
 * {@link #txn} is one {@code BEGIN IMMEDIATE ... COMMIT}); reads use a small pool of other
 * connections, each read in its own WAL snapshot, so they neither wait for nor block writes.
 * After a commit, still under the write lock, the writer offers the transaction's events to each
 * live watch's bounded queue without blocking; a watch whose queue cannot take them is cancelled
 * ({@link WatchCancelledException.Reason#SLOW_CONSUMER}). Each watch has its own delivery
 * (virtual) thread that first replays the log from the watch's start revision, then switches to
 * its queue under the write lock, so no commit falls between replay and live delivery.
 *
 * <p>Thread-safe.
 */
public final class SqliteStore implements Store {

    /** The database file's name in the data directory. */
    public static final String FILE_NAME = "isthmus.db";
    /** The lock file's name in the data directory. */
    public static final String LOCK_FILE_NAME = "isthmus.db.lock";

    private static final int SCHEMA_VERSION = 1;
    private static final int REPLAY_PAGE = 512;
    private static final int TYPE_PUT = 0;
    private static final int TYPE_DELETE = 1;
    private static final long READER_WAIT_MS = 100;
    private static final long CLOSE_WAIT_MS = 10_000;

    /**
     * Tuning of a {@link SqliteStore}.
     *
     * @param watchQueueCapacity events a watch may have pending before it is cancelled as a slow consumer
     * @param readConnections connections in the read pool (concurrent reads)
     */
    public record Options(int watchQueueCapacity, int readConnections) {
        /** Validates the values. */
        public Options {
            if (watchQueueCapacity < 1) throw new IllegalArgumentException("watchQueueCapacity < 1");
            if (readConnections < 1) throw new IllegalArgumentException("readConnections < 1");
        }

        /** {@return 4096 pending events per watch, 4 read connections} */
        public static Options defaults() {
            return new Options(4096, 4);
        }
    }

    private final Path file;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Connection writer;
    private final List<Connection> readerConnections = new ArrayList<>();
    private final BlockingQueue<Connection> readers;

    /** Guards the writer connection, {@link #revision} changes and the live-watch hand-over. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long revision;
    private volatile long compactRevision;
    private volatile boolean closed;

    /** Watches receiving live events; added and iterated under {@link #writeLock}. */
    private final List<SqliteWatch> liveWatches = new CopyOnWriteArrayList<>();
    private final Set<SqliteWatch> allWatches = ConcurrentHashMap.newKeySet();
    private final AtomicLong watchIds = new AtomicLong();

    private final PreparedStatement selectKv;
    private final PreparedStatement upsertKv;
    private final PreparedStatement deleteKv;
    private final PreparedStatement insertLog;
    private final PreparedStatement updateMeta;

    private SqliteStore(Path dataDir, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.file = dataDir.resolve(FILE_NAME);
        this.readers = new ArrayBlockingQueue<>(options.readConnections());
        FileChannel channel = null;
        FileLock lock = null;
        Connection w = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("data directory " + dataDir + " is in use by another store");
            }
            boolean created = !Files.exists(file);
            w = connect(false);
            initSchema(w);
            if (created) fsyncDirectory(dataDir);
            this.writer = w;
            try (Statement s = w.createStatement()) {
                this.revision = meta(s, "revision");
                this.compactRevision = meta(s, "compact_revision");
            }
            for (int i = 0; i < options.readConnections(); i++) {
                Connection r = connect(true);
                readerConnections.add(r);
                readers.add(r);
            }
            selectKv = w.prepareStatement(
                    "SELECT value, create_revision, mod_revision, version FROM kv WHERE key = ?");
            upsertKv = w.prepareStatement(
                    "INSERT OR REPLACE INTO kv (key, value, create_revision, mod_revision, version) VALUES (?, ?, ?, ?, ?)");
            deleteKv = w.prepareStatement("DELETE FROM kv WHERE key = ?");
            insertLog = w.prepareStatement("INSERT INTO log (revision, seq, type, key, value, create_revision, version,"
                    + " prev_value, prev_create_revision, prev_mod_revision, prev_version)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            updateMeta = w.prepareStatement("UPDATE meta SET value = ? WHERE name = ?");
            this.fileLock = lock;
            this.lockChannel = channel;
        } catch (IOException | SQLException | RuntimeException e) {
            for (Connection r : readerConnections) closeQuietly(r);
            closeQuietly(w);
            try {
                if (lock != null) lock.release();
                if (channel != null) channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof StoreException se) throw se;
            throw new StoreException("cannot open store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir} with default options.
     *
     * @param dataDir the controller's data directory
     * @return the open store, at the revision and with the data it had when last written
     * @throws StoreException if the file cannot be opened or the directory is in use
     */
    public static SqliteStore open(Path dataDir) {
        return open(dataDir, Options.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @param dataDir the controller's data directory
     * @param options tuning
     * @return the open store, at the revision and with the data it had when last written
     * @throws StoreException if the file cannot be opened or the directory is in use
     */
    public static SqliteStore open(Path dataDir, Options options) {
        return new SqliteStore(dataDir, options);
    }

    /** {@return the database file} */
    public Path file() {
        return file;
    }

    private Connection connect(boolean readOnly) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("busy_timeout", "10000");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try (Statement s = c.createStatement()) {
            // Settings are verified, not assumed: durability depends on them.
            String mode = pragma(s, "journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) throw new StoreException("journal_mode is " + mode + ", not wal");
            s.execute("PRAGMA synchronous = FULL");
            String sync = pragma(s, "synchronous");
            if (!"2".equals(sync)) throw new StoreException("synchronous is " + sync + ", not FULL (2)");
            if (readOnly) s.execute("PRAGMA query_only = ON");
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void initSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version = Integer.parseInt(pragma(s, "user_version"));
            if (version > SCHEMA_VERSION) {
                throw new StoreException("store schema version " + version + " is newer than supported "
                        + SCHEMA_VERSION);
            }
            if (version == SCHEMA_VERSION) return;
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB NOT NULL,"
                        + " create_revision INTEGER NOT NULL, mod_revision INTEGER NOT NULL,"
                        + " version INTEGER NOT NULL) WITHOUT ROWID");
                s.execute("CREATE TABLE log (revision INTEGER NOT NULL, seq INTEGER NOT NULL,"
                        + " type INTEGER NOT NULL, key BLOB NOT NULL, value BLOB, create_revision INTEGER,"
                        + " version INTEGER, prev_value BLOB, prev_create_revision INTEGER,"
                        + " prev_mod_revision INTEGER, prev_version INTEGER, PRIMARY KEY (revision, seq))"
                        + " WITHOUT ROWID");
                s.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
                s.execute("INSERT INTO meta (name, value) VALUES ('revision', 0), ('compact_revision', 0)");
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static void fsyncDirectory(Path dir) {
        // The new file's directory entry must be durable too (Linux; elsewhere this may be refused).
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not supported on this platform.
        }
    }

    private static long meta(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = '" + name + "'")) {
            if (!rs.next()) throw new StoreException("meta row missing: " + name);
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------- reads

    @FunctionalInterface
    private interface ReadFn<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs {@code fn} in one read transaction (one WAL snapshot) on a pooled connection. */
    private <T> T read(String what, ReadFn<T> fn) {
        Connection c = borrowReader();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            boolean done = false;
            try {
                T result = fn.apply(c);
                s.execute("COMMIT");
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // The original failure is reported.
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private Connection borrowReader() {
        try {
            while (true) {
                ensureOpen();
                Connection c = readers.poll(READER_WAIT_MS, TimeUnit.MILLISECONDS);
                if (c != null) {
                    if (closed) {
                        readers.add(c);
                        ensureOpen();
                    }
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a read connection", e);
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        Keys.check(key);
        byte[] k = Keys.bytes(key);
        return read("get " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT value, create_revision, mod_revision, version FROM kv WHERE key = ?")) {
                return Optional.ofNullable(readKv(ps, key, k));
            }
        });
    }

    @Override
    public RangePage range(String prefix, String startAfterKey, int limit) {
        Keys.checkPrefix(prefix);
        if (startAfterKey != null) Keys.check(startAfterKey);
        if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
        byte[] from = Keys.bytes(prefix);
        byte[] end = Keys.prefixEnd(from);
        byte[] after = startAfterKey == null ? null : Keys.bytes(startAfterKey);
        String sql = "SELECT key, value, create_revision, mod_revision, version FROM kv WHERE key >= ?"
                + (end != null ? " AND key < ?" : "") + (after != null ? " AND key > ?" : "")
                + " ORDER BY key LIMIT ?";
        return read("range " + prefix, c -> {
            long rev;
            try (Statement s = c.createStatement()) {
                rev = meta(s, "revision");
            }
            List<KeyValue> kvs = new ArrayList<>();
            boolean more = false;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setBytes(i++, from);
                if (end != null) ps.setBytes(i++, end);
                if (after != null) ps.setBytes(i++, after);
                ps.setLong(i, (long) limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (kvs.size() == limit) {
                            more = true;
                            break;
                        }
                        kvs.add(new KeyValue(Keys.string(rs.getBytes(1)), bytes(rs.getBytes(2)), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5)));
                    }
                }
            }
            return new RangePage(kvs, more, rev);
        });
    }

    @Override
    public long revision() {
        ensureOpen();
        return revision;
    }

    @Override
    public long compactRevision() {
        ensureOpen();
        return compactRevision;
    }

    private static KeyValue readKv(PreparedStatement ps, String key, byte[] k) throws SQLException {
        ps.setBytes(1, k);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new KeyValue(key, bytes(rs.getBytes(1)), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    private static byte[] bytes(byte[] b) {
        // The driver may return null for a zero-length blob.
        return b == null ? new byte[0] : b;
    }

    // --------------------------------------------------------------------------------- writes

    @Override
    public TxnResult txn(Txn txn) {
        Objects.requireNonNull(txn, "txn");
        writeLock.lock();
        try {
            ensureOpen();
            long next = revision + 1;
            List<Event> events = new ArrayList<>();
            List<OpResult> results = new ArrayList<>();
            boolean succeeded = writeTransaction(() -> {
                for (Compare cmp : txn.compares()) {
                    if (!cmp.test(readKv(selectKv, cmp.key(), Keys.bytes(cmp.key())))) {
                        return applyAll(txn.failure(), next, events, results, false);
                    }
                }
                return applyAll(txn.success(), next, events, results, true);
            });
            if (events.isEmpty()) return new TxnResult(succeeded, revision, results);
            revision = next;
            publish(events);
            return new TxnResult(succeeded, next, results);
        } catch (SQLException e) {
            throw new StoreException("txn failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Work done inside one write transaction. */
    @FunctionalInterface
    private interface WriteWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE ... COMMIT} on the writer connection (the caller holds the
     * write lock), rolling back when it fails.
     */
    private <T> T writeTransaction(WriteWork<T> work) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run();
                s.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // The original failure is reported; SQLite may have rolled back already.
                    }
                }
            }
        }
    }

    /** Applies one branch of a txn, logging its events at {@code next}; returns {@code outcome}. */
    private boolean applyAll(List<Op> ops, long next, List<Event> events, List<OpResult> results, boolean outcome)
        throws SQLException {
        for (Op op : ops) {
            results.add(apply(op, next, events));
        }
        if (!events.isEmpty()) {
            for (int seq = 0; seq < events.size(); seq++) {
                appendLog(next, seq, events.get(seq));
            }
            updateMeta.setLong(1, next);
            updateMeta.setString(2, "revision");
            updateMeta.executeUpdate();
        }
        return outcome;
    }

    private OpResult apply(Op op, long rev, List<Event> events) throws SQLException {
        return switch (op) {
            case Op.Put p -> {
                byte[] k = Keys.bytes(p.key());
                KeyValue prev = readKv(selectKv, p.key(), k);
                KeyValue kv = prev == null
                        ? new KeyValue(p.key(), p.valueNoCopy(), rev, rev, 1)
                        : new KeyValue(p.key(), p.valueNoCopy(), prev.createRevision(), rev, prev.version() + 1);
                upsertKv.setBytes(1, k);
                upsertKv.setBytes(2, p.valueNoCopy());
                upsertKv.setLong(3, kv.createRevision());
                upsertKv.setLong(4, kv.modRevision());
                upsertKv.setLong(5, kv.version());
                upsertKv.executeUpdate();
                events.add(new Event(Event.Type.PUT, kv, Optional.ofNullable(prev)));
                yield new OpResult.PutResult(kv, Optional.ofNullable(prev));
            }
            case Op.Delete d -> {
                byte[] k = Keys.bytes(d.key());
                KeyValue prev = readKv(selectKv, d.key(), k);
                if (prev == null) yield new OpResult.DeleteResult(List.of());
                deleteKv.setBytes(1, k);
                deleteKv.executeUpdate();
                events.add(new Event(Event.Type.DELETE, tombstone(d.key(), rev), Optional.of(prev)));
                yield new OpResult.DeleteResult(List.of(prev));
            }
            case Op.DeleteRange r -> {
                byte[] from = Keys.bytes(r.prefix());
                byte[] end = Keys.prefixEnd(from);
                String where = " WHERE key >= ?" + (end != null ? " AND key < ?" : "");
                List<KeyValue> prevs = new ArrayList<>();
                try (PreparedStatement ps = writer.prepareStatement(
                        "SELECT key, value, create_revision, mod_revision, version FROM kv" + where + " ORDER BY key")) {
                    ps.setBytes(1, from);
                    if (end != null) ps.setBytes(2, end);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            prevs.add(new KeyValue(Keys.string(rs.getBytes(1)), bytes(rs.getBytes(2)), rs.getLong(3),
                                    rs.getLong(4), rs.getLong(5)));
                        }
                    }
                }
                if (!prevs.isEmpty()) {
                    try (PreparedStatement ps = writer.prepareStatement("DELETE FROM kv" + where)) {
                        ps.setBytes(1, from);
                        if (end != null) ps.setBytes(2, end);
                        ps.executeUpdate();
                    }
                    for (KeyValue prev : prevs) {
                        events.add(new Event(Event.Type.DELETE, tombstone(prev.key(), rev), Optional.of(prev)));
                    }
                }
                yield new OpResult.DeleteResult(prevs);
            }
            case Op.Get g -> new OpResult.GetResult(
                    Optional.ofNullable(readKv(selectKv, g.key(), Keys.bytes(g.key()))));
        };
    }

    private static KeyValue tombstone(String key, long rev) {
        return new KeyValue(key, new byte[0], 0, rev, 0);
    }

    private void appendLog(long rev, int seq, Event e) throws SQLException {
        KeyValue kv = e.kv();
        insertLog.setLong(1, rev);
        insertLog.setInt(2, seq);
        insertLog.setInt(3, e.type() == Event.Type.PUT ? TYPE_PUT : TYPE_DELETE);
        insertLog.setBytes(4, Keys.bytes(kv.key()));
        if (e.type() == Event.Type.PUT) {
            insertLog.setBytes(5, kv.value());
            insertLog.setLong(6, kv.createRevision());
            insertLog.setLong(7, kv.version());
        } else {
            insertLog.setNull(5, java.sql.Types.BLOB);
            insertLog.setNull(6, java.sql.Types.INTEGER);
            insertLog.setNull(7, java.sql.Types.INTEGER);
        }
        if (e.prevKv().isPresent()) {
            KeyValue prev = e.prevKv().get();
            insertLog.setBytes(8, prev.value());
            insertLog.setLong(9, prev.createRevision());
            insertLog.setLong(10, prev.modRevision());
            insertLog.setLong(11, prev.version());
        } else {
            insertLog.setNull(8, java.sql.Types.BLOB);
            insertLog.setNull(9, java.sql.Types.INTEGER);
            insertLog.setNull(10, java.sql.Types.INTEGER);
            insertLog.setNull(11, java.sql.Types.INTEGER);
        }
        insertLog.executeUpdate();
    }

    /** Offers a committed transaction's events to the live watches; called under {@link #writeLock}. */
    private void publish(List<Event> events) {
        for (SqliteWatch w : liveWatches) {
            if (!w.offerTransaction(events)) liveWatches.remove(w);
        }
    }

    @Override
    public void compact(long rev) {
        writeLock.lock();
        try {
            ensureOpen();
            if (rev > revision) {
                throw new IllegalArgumentException("cannot compact at " + rev + ", beyond the current revision "
                        + revision);
            }
            if (rev <= compactRevision) return;
            writeTransaction(() -> {
                try (PreparedStatement del = writer.prepareStatement("DELETE FROM log WHERE revision < ?")) {
                    del.setLong(1, rev);
                    del.executeUpdate();
                }
                updateMeta.setLong(1, rev);
                updateMeta.setString(2, "compact_revision");
                updateMeta.executeUpdate();
                return null;
            });
            compactRevision = rev;
        } catch (SQLException e) {
            throw new StoreException("compact failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    // -------------------------------------------------------------------------------- watches

    /** Whether {@code watch} has finished replaying and receives new transactions through its queue (for tests). */
    boolean isLive(Watch watch) {
        return liveWatches.contains(watch);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Keys.checkPrefix(prefix);
        Objects.requireNonNull(listener, "listener");
        writeLock.lock();
        try {
            ensureOpen();
            long start = fromRevision <= 0 ? revision + 1 : fromRevision;
            if (start < compactRevision) throw new CompactedException(start, compactRevision);
            SqliteWatch w = new SqliteWatch(this, watchIds.incrementAndGet(), prefix, start, listener,
                    options.watchQueueCapacity());
            allWatches.add(w);
            w.start();
            return w;
        } finally {
            writeLock.unlock();
        }
    }

    /** One page of the log, and the position to continue from. */
    record LogPage(List<Event> events, long nextRevision, int nextSeq) {
    }

    /**
     * Reads up to {@code limit} logged events under {@code prefix} from position (rev, seq), in
     * one snapshot.
     *
     * @throws CompactedException if events from {@code rev} are no longer retained
     */
    LogPage readLog(String prefix, long rev, int seq, int limit) {
        byte[] from = Keys.bytes(prefix);
        byte[] end = Keys.prefixEnd(from);
        String sql = "SELECT revision, seq, type, key, value, create_revision, version, prev_value,"
                + " prev_create_revision, prev_mod_revision, prev_version FROM log"
                + " WHERE (revision, seq) >= (?, ?) AND key >= ?" + (end != null ? " AND key < ?" : "")
                + " ORDER BY revision, seq LIMIT ?";
        return read("log read", c -> {
            long head;
            try (Statement s = c.createStatement()) {
                long compacted = meta(s, "compact_revision");
                if (rev < compacted) throw new CompactedException(rev, compacted);
                head = meta(s, "revision");
            }
            List<Event> events = new ArrayList<>();
            long lastRev = 0;
            int lastSeq = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, rev);
                ps.setInt(2, seq);
                ps.setBytes(3, from);
                int i = 4;
                if (end != null) ps.setBytes(i++, end);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lastRev = rs.getLong(1);
                        lastSeq = rs.getInt(2);
                        String key = Keys.string(rs.getBytes(4));
                        KeyValue kv = rs.getInt(3) == TYPE_PUT
                                ? new KeyValue(key, bytes(rs.getBytes(5)), rs.getLong(6), lastRev, rs.getLong(7))
                                : tombstone(key, lastRev);
                        rs.getLong(9);
                        Optional<KeyValue> prev = rs.wasNull() ? Optional.empty()
                                : Optional.of(new KeyValue(key, bytes(rs.getBytes(8)), rs.getLong(9), rs.getLong(10),
                                        rs.getLong(11)));
                        events.add(new Event(rs.getInt(3) == TYPE_PUT ? Event.Type.PUT : Event.Type.DELETE, kv, prev));
                    }
                }
            }
            if (events.size() < limit) return new LogPage(events, Math.max(head + 1, rev), 0);
            return new LogPage(events, lastRev, lastSeq + 1);
        });
    }

    /**
     * Hands a caught-up watch over to live delivery: under the write lock, reads the log from its
     * position to the head and, if that tail fits its queue, enqueues it and registers the watch
     * as live, so that the next commit is offered to it.
     *
     * @return whether the watch is now live; false if the tail was too long (replay more first)
     */
    boolean goLive(SqliteWatch w, long rev, int seq) {
        writeLock.lock();
        try {
            if (w.isStopped()) return true;
            LogPage tail = readLog(w.prefix(), rev, seq, w.capacity() + 1);
            if (tail.events().size() > w.capacity()) return false;
            w.enqueueTail(tail.events());
            liveWatches.add(w);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    void unregister(SqliteWatch w) {
        liveWatches.remove(w);
        allWatches.remove(w);
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs SQLite's {@code PRAGMA integrity_check}; for tests and diagnostics. */
    String integrityCheck() {
        return read("integrity check", c -> {
            try (Statement s = c.createStatement()) {
                return pragma(s, "integrity_check");
            }
        });
    }

    // ------------------------------------------------------------------------------ lifecycle

    private void ensureOpen() {
        if (closed) throw new StoreException("store " + file + " is closed");
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
            for (SqliteWatch w : allWatches) {
                w.cancel(new WatchCancelledException(WatchCancelledException.Reason.STORE_CLOSED,
                        "store " + file + " closed", null));
            }
            liveWatches.clear();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
            int returned = 0;
            while (returned < readerConnections.size() && System.nanoTime() < deadline) {
                try {
                    if (readers.poll(READER_WAIT_MS, TimeUnit.MILLISECONDS) != null) returned++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Connection r : readerConnections) closeQuietly(r);
            closeQuietly(writer);
            try {
                fileLock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new StoreException("cannot release lock of " + file, e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing; nothing more to do.
        }
    }
}
