package io.isthmus.agent.routing;

import io.isthmus.agent.linux.NetworkNamespace;
import io.isthmus.routing.bgp.BgpMessage;
import io.isthmus.routing.bgp.BgpOutput;
import io.isthmus.routing.bgp.BgpPeer;
import io.isthmus.wire.Ipv4Address;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts BGP connections on one address of a network namespace and drives the {@link BgpPeer} of each participant:
 * one platform thread with a selector, which is the only thread that touches the peers. Other threads add and remove
 * peers and run code against them ({@link #submit}) through a command queue the thread drains each cycle.
 *
 * <p>A connection from an address without a peer is closed at once and counted. Each connection reads into its own
 * buffer; while its peer leaves a whole UPDATE unread because the participant's message budget is spent, the
 * connection is not read (TCP's flow control holds the participant back) and the peer is offered the bytes again on
 * the next tick. Writes go through a bounded buffer per connection; a participant that does not read what fills it
 * loses the connection. Every peer is ticked every {@link #TICK_NANOS}. Errors are counted and logged as structured
 * lines; the loop goes on.
 */
public final class BgpListener implements AutoCloseable {
    /** The BGP port (RFC 4271 section 8.2.1). */
    public static final int DEFAULT_PORT = 179;
    /** How often every peer is ticked. */
    public static final long TICK_NANOS = 100_000_000L;
    /** The most a connection may have queued for sending. */
    public static final int OUTBOUND_LIMIT = 1 << 20;
    private static final int INBOUND_SIZE = 4 * BgpMessage.MAX_LENGTH;
    private static final System.Logger LOG = System.getLogger(BgpListener.class.getName());

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<Integer, BgpPeer> peers = new HashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong acceptedConnections = new AtomicLong();
    private final AtomicLong unknownSources = new AtomicLong();
    private final AtomicLong outboundOverflows = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;

    private BgpListener(ServerSocketChannel server, Selector selector) {
        this.server = server;
        this.selector = selector;
        this.thread = Thread.ofPlatform().name("bgp-listener-" + server.socket().getLocalPort()).daemon(true)
            .unstarted(this::run);
    }

    /**
     * Listens on {@code address} inside {@code namespace} and starts the thread.
     *
     * @param namespace where the listening socket lives (accepted sockets stay there), or null for the caller's own
     * @param address e.g. {@code 0.0.0.0:179}
     * @throws IOException when the socket cannot be opened or bound
     */
    public static BgpListener start(NetworkNamespace namespace, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        Callable<ServerSocketChannel> open = () -> {
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(address);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        };
        ServerSocketChannel server;
        try {
            server = namespace == null ? open.call() : namespace.runIn(open);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot listen on " + address + " in " + namespace, e);
        }
        try {
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            BgpListener listener = new BgpListener(server, selector);
            listener.thread.start();
            LOG.log(Level.INFO, () -> "event=bgp-listening address=" + address + " namespace=" + namespace);
            return listener;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /** The port listened on (useful when started with port 0). */
    public int localPort() {
        return server.socket().getLocalPort();
    }

    /** Adds (or replaces) the peer for its participant's address; connections from there go to it. */
    public void addPeer(BgpPeer peer) {
        Objects.requireNonNull(peer, "peer");
        command(() -> peers.put(peer.peer(), peer));
    }

    /** Removes the peer of {@code participantAddress}, closing its connections. */
    public void removePeer(int participantAddress) {
        command(() -> {
            BgpPeer removed = peers.remove(participantAddress);
            for (Connection connection : List.copyOf(connections)) {
                if (connection.peer == removed) {
                    connection.closeAndReport();
                }
            }
        });
    }

    /** Runs {@code task} on the listener's thread, where the peers may be used, and answers what it returned. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        command(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Connections accepted from known participants. */
    public long acceptedConnections() {
        return acceptedConnections.get();
    }

    /** Connections closed at once because no peer has their source address. */
    public long unknownSources() {
        return unknownSources.get();
    }

    /** Connections closed because their participant did not read what we sent. */
    public long outboundOverflows() {
        return outboundOverflows.get();
    }

    /** Errors the loop survived. */
    public long errors() {
        return errors.get();
    }

    /** Stops the thread and closes every socket, telling the peers their connections are gone. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5_000);
    }

    private void command(Runnable command) {
        commands.add(command);
        selector.wakeup();
    }

    private void run() {
        long nextTick = System.nanoTime() + TICK_NANOS;
        while (running) {
            try {
                long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                selector.select(waitMillis);
                for (Runnable command; (command = commands.poll()) != null; ) {
                    guarded("command", null, command);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof Connection connection) {
                        guarded("io", connection, () -> connection.ready(key));
                    } else if (key.isAcceptable()) {
                        guarded("accept", null, this::accept);
                    }
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    tick(now);
                }
            } catch (Throwable t) {
                errors.incrementAndGet();
                LOG.log(Level.ERROR, "event=bgp-loop-error", t);
            }
        }
        shutDown();
    }

    private void tick(long now) {
        for (BgpPeer peer : peers.values()) {
            guarded("tick", null, () -> peer.tick(now));
        }
        for (Connection connection : List.copyOf(connections)) {
            if (connection.readPaused) {
                guarded("resume", connection, connection::deliver);
            }
            guarded("settle", connection, connection::settle);
        }
    }

    private void guarded(String what, Connection connection, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            LOG.log(Level.WARNING, "event=bgp-error during=" + what + " participant="
                + (connection == null ? "-" : Ipv4Address.format(connection.peer.peer())), e);
            if (connection != null) {
                connection.closeAndReport();
            }
        }
    }

    private void accept() {
        SocketChannel channel;
        try {
            channel = server.accept();
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.log(Level.WARNING, "event=bgp-accept-error error=" + e);
            return;
        }
        if (channel == null) {
            return;
        }
        try {
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            BgpPeer peer = remote.getAddress() instanceof Inet4Address v4
                ? peers.get(ByteBuffer.wrap(v4.getAddress()).getInt()) : null;
            if (peer == null) {
                unknownSources.incrementAndGet();
                LOG.log(Level.INFO, () -> "event=bgp-unknown-source source=" + remote.getAddress().getHostAddress());
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(channel, peer);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            connections.add(connection);
            acceptedConnections.incrementAndGet();
            LOG.log(Level.INFO, () -> "event=bgp-connection participant="
                + Ipv4Address.format(peer.peer()) + " port=" + remote.getPort());
            peer.connected(connection, System.nanoTime());
            connection.settle();
        } catch (IOException e) {
            errors.incrementAndGet();
            LOG.log(Level.WARNING, "event=bgp-accept-error error=" + e);
            closeQuietly(channel);
        }
    }

    private void shutDown() {
        for (Connection connection : List.copyOf(connections)) {
            connection.closeAndReport();
        }
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "event=bgp-close-error error=" + e);
        }
        LOG.log(Level.INFO, "event=bgp-stopped");
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "event=bgp-close-error error=" + e);
        }
    }

    /** One accepted connection, its buffers and its state; the peer writes through it. */
    private final class Connection implements BgpOutput {
        private final SocketChannel channel;
        private final BgpPeer peer;
        private final ByteBuffer inbound = ByteBuffer.allocate(INBOUND_SIZE);
        private final ByteBuffer outbound = ByteBuffer.allocate(OUTBOUND_LIMIT);
        private SelectionKey key;
        private boolean readPaused;
        private boolean closeRequested;
        private boolean failed;
        private boolean closed;

        Connection(SocketChannel channel, BgpPeer peer) {
            this.channel = channel;
            this.peer = peer;
            outbound.flip();
        }

        @Override
        public void write(ByteBuffer bytes) {
            if (closed || closeRequested || failed) {
                return;
            }
            outbound.compact();
            if (outbound.remaining() < bytes.remaining()) {
                outbound.flip();
                outboundOverflows.incrementAndGet();
                LOG.log(Level.WARNING, () -> "event=bgp-outbound-overflow participant="
                    + Ipv4Address.format(peer.peer()));
                failed = true;
                return;
            }
            outbound.put(bytes);
            outbound.flip();
        }

        @Override
        public void close() {
            closeRequested = true;
        }

        void ready(SelectionKey readyKey) {
            if (readyKey.isReadable()) {
                read();
            }
            if (!closed && readyKey.isValid() && readyKey.isWritable()) {
                flush();
            }
            settle();
        }

        private void read() {
            int count;
            try {
                count = channel.read(inbound);
            } catch (IOException e) {
                LOG.log(Level.INFO, () -> "event=bgp-read-error participant=" + Ipv4Address.format(peer.peer())
                    + " error=" + e.getMessage());
                closeAndReport();
                return;
            }
            if (count < 0) {
                LOG.log(Level.INFO, () -> "event=bgp-eof participant=" + Ipv4Address.format(peer.peer()));
                closeAndReport();
                return;
            }
            deliver();
        }

        void deliver() {
            if (closed || closeRequested) {
                return;
            }
            inbound.flip();
            peer.received(inbound, System.nanoTime());
            inbound.compact();
            // Stop reading while the budget holds an UPDATE back or the buffer is full; tick resumes.
            readPaused = peer.awaitingBudget() || !inbound.hasRemaining();
        }

        private void flush() {
            try {
                channel.write(outbound);
            } catch (IOException e) {
                LOG.log(Level.INFO, () -> "event=bgp-write-error participant=" + Ipv4Address.format(peer.peer())
                    + " error=" + e.getMessage());
                failed = true;
            }
        }

        // Brings the socket in line with what the peer asked for: flush, close, interest set.
        void settle() {
            if (closed) {
                return;
            }
            if (outbound.hasRemaining() && !failed) {
                flush();
            }
            if (failed) {
                closeAndReport();
                return;
            }
            if (closeRequested && !outbound.hasRemaining()) {
                closeChannel();
                return;
            }
            int interest = (outbound.hasRemaining() ? SelectionKey.OP_WRITE : 0)
                | (readPaused || closeRequested ? 0 : SelectionKey.OP_READ);
            key.interestOps(interest);
        }

        // The connection ended without the peer asking: the peer hears of it unless it closed the connection.
        void closeAndReport() {
            if (closed) {
                return;
            }
            closeChannel();
            if (!closeRequested) {
                peer.disconnected(System.nanoTime());
            }
        }

        private void closeChannel() {
            closed = true;
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }
    }
}
