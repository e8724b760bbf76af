package io.isthmus.controller.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: measures single-key puts per second with {@code synchronous=FULL} on this machine.
 * Run by hand: {@code java -cp <test classpath> io.isthmus.controller.store.SqliteStoreBench [dir] [seconds]}.
 */
public final class SqliteStoreBench {
    private SqliteStoreBench() {
    }

    /**
     * @param args optional data directory (default: a temp directory) and duration in seconds (default 5)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("isthmus-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        byte[] value = "{\"kind\":\"network\",\"cidr\":\"10.0.0.0/24\",\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
        try (SqliteStore store = SqliteStore.open(dir)) {
            for (int i = 0; i < 200; i++) store.put("/warmup/" + i, value);
            for (String mode : new String[] {"create", "update"}) {
                long end = System.nanoTime() + (long) (seconds * 1e9);
                long start = System.nanoTime();
                int n = 0;
                while (System.nanoTime() < end) {
                    store.put(mode.equals("create") ? "/bench/" + n : "/bench/" + (n % 100), value);
                    n++;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %d single-key puts in %.2f s = %.0f writes/s (%.3f ms each)%n", mode, n,
                        elapsed, n / elapsed, elapsed * 1000 / n);
            }
            int threads = 4;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        store.put("/bench-mt/" + id + "/" + i++, value);
                        count.incrementAndGet();
                    }
                });
            }
            for (Thread t : ts) t.join();
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d threads: %d puts in %.2f s = %.0f writes/s%n", threads, count.get(), elapsed,
                    count.get() / elapsed);
        }
    }
}
