package dev.jamesreplicator.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import dev.jamesreplicator.config.AddressRange;
import dev.jamesreplicator.config.HostPort;

/**
 * Who may connect to the replication port: the {@code <allowFrom>} ranges, or by default the
 * twin's own address(es), resolved at start and again (at most once a minute) when an unknown
 * address knocks, so a twin whose DNS name moves is let in. That look-up runs on a thread of its
 * own, never on the thread that accepts connections: a slow DNS delays letting a moved twin in,
 * not every connection (the knock that asked is refused; the twin's next attempt finds the new
 * address). Refusals are logged once per address per hour.
 */
public final class AllowList {
    private static final Logger LOGGER = LoggerFactory.getLogger(AllowList.class);
    private static final long RESOLVE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Looks up a host name's addresses; {@link InetAddress#getAllByName} but in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<AddressRange> ranges;
    private final HostPort twin;
    private final Ticker ticker;
    private final Resolver resolver;
    private final Executor lookups;
    private final AtomicBoolean lookingUp = new AtomicBoolean();
    private final Cache<InetAddress, Boolean> refusalsLogged = CacheBuilder.newBuilder()
        .maximumSize(1000).expireAfterWrite(1, TimeUnit.HOURS).build();
    private volatile List<AddressRange> twinAddresses = List.of();
    private volatile long resolvedAt;

    AllowList(List<AddressRange> ranges, HostPort twin, Ticker ticker, Resolver resolver) {
        this.ranges = List.copyOf(ranges);
        this.twin = twin;
        this.ticker = ticker;
        this.resolver = resolver;
        // One daemon thread at most, and only while a look-up runs.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "replica-allow-list-dns");
            thread.setDaemon(true);
            return thread;
        });
        this.lookups = executor;
        if (twin != null) {
            // At start, before the port listens: waiting here delays nothing but the start.
            resolveTwin();
        }
    }

    public static AllowList of(List<AddressRange> ranges) {
        return new AllowList(ranges, null, Ticker.systemTicker(), InetAddress::getAllByName);
    }

    /** The configured ranges, or when there are none the twin's address(es). */
    public static AllowList forConfig(List<AddressRange> allowFrom, HostPort twin) {
        return allowFrom.isEmpty() ? new AllowList(List.of(), twin, Ticker.systemTicker(), InetAddress::getAllByName) : of(allowFrom);
    }

    public static AllowList any() {
        return of(List.of(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::/0")));
    }

    /** Whether {@code address} may connect; never waits for DNS (it runs on the accepting thread). */
    public boolean allows(InetAddress address) {
        if (matches(ranges, address) || matches(twinAddresses, address)) {
            return true;
        }
        if (twin != null && ticker.read() - resolvedAt > RESOLVE_INTERVAL_NANOS && lookingUp.compareAndSet(false, true)) {
            lookups.execute(() -> {
                try {
                    resolveTwin();
                } finally {
                    lookingUp.set(false);
                }
            });
        }
        if (refusalsLogged.asMap().putIfAbsent(address, Boolean.TRUE) == null) {
            LOGGER.warn("Refusing replication connections from {}: not in <allowFrom> ({}) of conf/replication.xml "
                + "(logged once an hour per address)", address.getHostAddress(), describe());
        }
        return false;
    }

    private static boolean matches(List<AddressRange> ranges, InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    private void resolveTwin() {
        resolvedAt = ticker.read();
        try {
            twinAddresses = Arrays.stream(resolver.resolve(twin.host())).map(AddressRange::of).collect(Collectors.toList());
        } catch (UnknownHostException e) {
            LOGGER.warn("Cannot resolve the twin {} for the replication allow-list: {}", twin.host(), e.getMessage());
        }
        // A look-up that took long starts the next interval from its end.
        resolvedAt = ticker.read();
    }

    public String describe() {
        return twin == null ? ranges.toString() : "the twin " + twin.host() + " = " + twinAddresses;
    }
}
