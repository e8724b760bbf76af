package io.isthmus.controller.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link SqliteStoreCrashTest}: writes a burst of creates to a store and prints
 * each acknowledged create on stdout, flushed after the transaction returned, until killed.
 * Each create is one transaction of two keys ({@code /crash/<run>/<i>/a} and {@code .../b}) so
 * the parent can also check atomicity. With several threads, each prints its own keys.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    /**
     * @param args data directory, run id, number of writer threads
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        SqliteStore store = SqliteStore.open(dir);
        out.println("ready " + store.revision());
        out.flush();
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers[t] = Thread.ofPlatform().start(() -> {
                byte[] value = ("{\"writer\":" + id + ",\"padding\":\"" + "x".repeat(200) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                for (int i = 0; ; i++) {
                    String base = "/crash/" + run + "/" + id + "-" + i;
                    TxnResult r = store.txn(Txn.when(Compare.absent(base + "/a"))
                            .then(Op.put(base + "/a", value), Op.put(base + "/b", value)));
                    if (!r.succeeded()) throw new IllegalStateException("key existed: " + base);
                    synchronized (out) {
                        out.println("ack " + base + " " + r.revision());
                        out.flush();
                    }
                }
            });
        }
        for (Thread w : writers) w.join();
    }
}
