package dev.jamesreplicator.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Ticker;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.state.StateStore;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The replication port: admits the twin's address, speaks TLS if configured, authenticates the
 * twin and serves its sync sessions. The whole protocol stack is in {@code initChannel}.
 */
public class ReplicaServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaServer.class);

    private final String nodeName;
    private final MutualAuth auth;
    private final ServerSalt salt;
    private final WireLimits limits;
    private final WireSecurity security;
    private final ServedSession.Factory sessions;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final OverCapacityLog overCapacity = new OverCapacityLog();
    /** Plaintext connections taken under {@code <tls>on}: each logged, ten lines a minute at most. */
    private final LogBudget plaintextAccepted = LogBudget.perMinute();
    private final ChannelGroup connections = new DefaultChannelGroup("replication connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private EventExecutorGroup sessionExecutors;
    private Channel serverChannel;

    public ReplicaServer(String nodeName, String password, WireLimits limits, WireSecurity security,
                         ServedSession.Factory sessions) {
        this(nodeName, password, ServerSalt.random(), limits, security, sessions);
    }

    public ReplicaServer(String nodeName, String password, ServerSalt salt, WireLimits limits, WireSecurity security,
                         ServedSession.Factory sessions) {
        this(nodeName, new MutualAuth(password), salt, limits, security, sessions);
    }

    /** With a key already derived (tests share one: deriving it is the slow part). */
    ReplicaServer(String nodeName, MutualAuth auth, ServerSalt salt, WireLimits limits, WireSecurity security,
                  ServedSession.Factory sessions) {
        this.nodeName = nodeName;
        this.auth = auth;
        this.salt = salt;
        this.limits = limits;
        this.security = security;
        this.sessions = sessions;
    }

    /** The server conf/replication.xml describes. */
    public static ReplicaServer forConfig(ReplicationConfig config, StateStore state, ServedSession.Factory sessions) {
        return new ReplicaServer(config.nodeName(), config.password(), ServerSalt.of(state), WireLimits.forConfig(config),
            WireSecurity.forConfig(config), sessions);
    }

    public InetSocketAddress start(HostPort bind) {
        return start(new InetSocketAddress(bind.host(), bind.port()));
    }

    /** Listens on {@code bind} (port 0 picks a free one) and returns the address bound. */
    public synchronized InetSocketAddress start(InetSocketAddress bind) {
        deleteSpoolLeftovers();
        // The one expensive step of every handshake, paid here and not on a network thread.
        auth.key(salt.salt(), salt.iterations());
        acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory("replica-accept"));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("replica-io"));
        sessionExecutors = new DefaultEventExecutorGroup(limits.maxConnections(), new DefaultThreadFactory("replica-session"));
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptors, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    InetAddress peer = channel.remoteAddress().getAddress();
                    if (!security.allowList().allows(peer)) {
                        channel.close();
                        return;
                    }
                    Duration blocked = security.throttle().blockedFor(peer);
                    if (!blocked.isZero()) {
                        LOGGER.debug("Refusing replication connection from {}: too many failed logins, {} s to wait",
                            peer.getHostAddress(), blocked.toSeconds() + 1);
                        channel.close();
                        return;
                    }
                    channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
                    if (openConnections.incrementAndGet() > limits.maxConnections()) {
                        overCapacity.refused(channel.remoteAddress());
                        channel.close();
                        return;
                    }
                    connections.add(channel);
                    ChannelPipeline pipeline = channel.pipeline();
                    switch (security.tls().mode()) {
                        case REQUIRED:
                            pipeline.addLast("tls", new SslHandler(security.tls().serverEngine()));
                            break;
                        case ON:
                            pipeline.addLast("tls-detector", new TlsDetector(security.tls(), plaintextAccepted));
                            break;
                        default:
                            break;
                    }
                    pipeline.addLast("idle", new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    pipeline.addLast("frame-decoder", new FrameDecoder(WireLimits.PRE_AUTH_MAX_FRAME_BYTES));
                    pipeline.addLast("frame-encoder", new FrameEncoder());
                    pipeline.addLast("handshake", new ServerHandshakeHandler(nodeName, auth, salt, limits, security.throttle(), peer,
                        sessions, sessionExecutors));
                }
            });
        try {
            serverChannel = bootstrap.bind(bind).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireException("interrupted while binding " + bind, e);
        } catch (Exception e) {
            close();
            throw new WireException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        LOGGER.info("Replication port listening on {} as node '{}', TLS {}, allowing {}", address, nodeName,
            security.tls().mode(), security.allowList().describe());
        return address;
    }

    /** Bodies a previous run was receiving when it died; sync sessions have not started yet. */
    private void deleteSpoolLeftovers() {
        try {
            int deleted = limits.spool().deleteLeftovers();
            if (deleted > 0) {
                LOGGER.info("Deleted {} message bodies left in {} by the last run", deleted, limits.spool().directory());
            }
        } catch (IOException e) {
            LOGGER.warn("Cannot clean the spool directory {} (under <stateDirectory> in conf/replication.xml): {}",
                limits.spool().directory(), e.getMessage());
        }
    }

    /** Connections counted against {@code <maxConnections>} now: tests wait on it instead of sleeping. */
    int openConnections() {
        return openConnections.get();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        // Sessions end while their executors still run: no pipeline teardown hits a terminated one.
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (EventExecutorGroup group : new EventExecutorGroup[] {acceptors, workers, sessionExecutors}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
        acceptors = null;
        workers = null;
        sessionExecutors = null;
    }

    /** One WARN a minute at most, with a count, however many connections a flood brings. */
    private final class OverCapacityLog {
        private final LogBudget budget = new LogBudget(1, Duration.ofMinutes(1), Ticker.systemTicker());

        void refused(Object from) {
            int heldBack = budget.spend();
            if (heldBack >= 0) {
                LOGGER.warn("Refusing replication connections: {} already open (<maxConnections>); {} refused, the last from {}"
                    + " (logged at most once a minute)", limits.maxConnections(), heldBack + 1, from);
            }
        }
    }
}
