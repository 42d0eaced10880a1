package dev.jamesreplicator.wire;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;

/** The replication port: authenticates the twin and serves its sync sessions. */
public class ReplicaServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaServer.class);

    private final String nodeName;
    private final MutualAuth auth;
    private final WireLimits limits;
    private final ServedSession.Factory sessions;
    private final AtomicInteger openConnections = new AtomicInteger();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private EventExecutorGroup sessionExecutors;
    private Channel serverChannel;

    public ReplicaServer(String nodeName, String password, WireLimits limits, ServedSession.Factory sessions) {
        this.nodeName = nodeName;
        this.auth = new MutualAuth(password);
        this.limits = limits;
        this.sessions = sessions;
    }

    public InetSocketAddress start(HostPort bind) {
        return start(new InetSocketAddress(bind.host(), bind.port()));
    }

    /** Listens on {@code bind} (port 0 picks a free one) and returns the address bound. */
    public synchronized InetSocketAddress start(InetSocketAddress bind) {
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
                    if (openConnections.incrementAndGet() > limits.maxConnections()) {
                        LOGGER.warn("Refusing replication connection from {}: {} connections already open",
                            channel.remoteAddress(), limits.maxConnections());
                        channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
                        channel.writeAndFlush(Frame.text(FrameType.ERROR, "too many connections"))
                            .addListener(ChannelFutureListener.CLOSE);
                        return;
                    }
                    channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
                    ChannelPipeline pipeline = channel.pipeline();
                    pipeline.addLast("idle", new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    pipeline.addLast("frame-decoder", new FrameDecoder(limits.maxFrameBytes()));
                    pipeline.addLast("frame-encoder", new FrameEncoder());
                    pipeline.addLast("handshake", new ServerHandshakeHandler(nodeName, auth, limits, sessions, sessionExecutors));
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
        LOGGER.info("Replication port listening on {} as node '{}'", address, nodeName);
        return address;
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        for (EventExecutorGroup group : new EventExecutorGroup[] {acceptors, workers, sessionExecutors}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
        acceptors = null;
        workers = null;
        sessionExecutors = null;
    }
}
